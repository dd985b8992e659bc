"""The CX quiz tab: quizzes, workshop sessions, the presenter view and results."""
