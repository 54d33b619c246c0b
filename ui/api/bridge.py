"""The pipeline's events, from a worker thread to the event loop.

``ChatService.stream`` is a blocking generator (Ollama, the embedding model,
a slot of ``serve_concurrency``). One thread per answer runs it and hands each
event over with ``call_soon_threadsafe`` (microseconds, so a streamed answer
reaches the client as soon as the pipeline has it); a client that goes away
stops the thread at the next event, which frees its slot.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator
from typing import Any

from rag.pipeline import Answer, Event, Turn
from ui.service import ChatService

_END = object()


async def events(service: ChatService, question: str, history: list[Turn], **options: Any) -> AsyncIterator[Event]:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()

    def put(item: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody is listening
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def work() -> None:
        gen = service.stream(question, history, **options)
        try:
            for event in gen:
                put(event)
                if stop.is_set():
                    break
        except BaseException as e:  # noqa: BLE001 - handed to the request, which maps it to a JSON error
            put(e)
        finally:
            gen.close()  # releases the slot
            put(_END)

    threading.Thread(target=work, name="rag-api-answer", daemon=True).start()
    try:
        while True:
            item = await queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


async def answer(service: ChatService, question: str, history: list[Turn], **options: Any) -> Answer:
    async with contextlib.aclosing(events(service, question, history, **options)) as stream:
        async for event in stream:
            if event.kind == "done":
                return event.data  # type: ignore[return-value]
    raise RuntimeError("the pipeline ended without an answer")
