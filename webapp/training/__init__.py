"""Training courses (lớp tập huấn): courses, their sessions, the roster and attendance taken on the day."""
