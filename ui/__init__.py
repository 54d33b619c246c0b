"""The browser chat (issue #4): ``rag serve`` starts it; ``ui.app.build_app`` builds it."""
