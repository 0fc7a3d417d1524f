"""Reading a finished roadmap: views, quiz grading, exports, sharing."""
