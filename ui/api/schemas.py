"""Request bodies of the HTTP API, validated by pydantic: a wrong type or a
missing field is a 400 naming the field, not a failure deep in the pipeline."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ui.api.errors import ApiError


class TextPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls…: accepted, not used
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None

    def text(self) -> str:
        """The message's text; parts other than text (images, audio) are refused."""
        if self.content is None or isinstance(self.content, str):
            return self.content or ""
        for part in self.content:
            if part.type != "text" or part.text is None:
                raise ApiError(400, f"only text message parts are supported, not '{part.type}'",
                               "unsupported_content", "messages")
        return "".join(p.text or "" for p in self.content)


class Retrieval(BaseModel):
    """Our own options, also accepted on a chat completion (``extra_body`` in the openai client)."""

    top_k: int | None = Field(default=None, ge=1, le=20, description="Passages the answer may use.")
    retrieval_mode: Literal["hybrid", "dense", "keyword"] | None = None
    answer_language: Literal["auto", "hi", "en"] | None = None


class ChatRequest(Retrieval):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens, user…: accepted, the engine decides
    model: str = "rag"
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    stream_options: dict | None = None  # {"include_usage": true} adds a usage chunk, as OpenAI does
    n: int = Field(default=1, ge=1, le=1)


class AskRequest(Retrieval):
    model_config = ConfigDict(extra="forbid")
    question: str
    history: list[tuple[str, str]] = Field(default_factory=list, description="[[question, answer], …]")
    model: str | None = Field(default=None, description="Ollama model, 'none', or empty for the server's.")
