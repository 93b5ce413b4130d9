"""Run a blocking client (a TestClient session, say) off the event loop without risking a hang.

`asyncio.to_thread` uses the loop's default executor, whose threads are joined when the loop
closes and when the interpreter exits: a client stuck on a WebSocket receive would keep the whole
test run alive forever. A daemon thread with a deadline fails the one test instead.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


async def in_daemon_thread(call: Callable[..., T], *args: Any, limit_s: float = 60.0) -> T:
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(setter: Callable[[Any], None], value: Any) -> None:
        if not done.done():
            setter(value)

    def target() -> None:
        try:
            result = call(*args)
        except BaseException as error:  # noqa: BLE001 - handed to the awaiting test as is
            loop.call_soon_threadsafe(settle, done.set_exception, error)
        else:
            loop.call_soon_threadsafe(settle, done.set_result, result)

    threading.Thread(target=target, name=f"test-client-{call.__name__}", daemon=True).start()
    try:
        return await asyncio.wait_for(done, limit_s)
    except TimeoutError:
        raise AssertionError(f"{call.__name__} did not finish within {limit_s:.0f} s") from None
