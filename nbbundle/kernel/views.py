"""The live views of one widget, by id: who counts, for how long, and how often they may ask.

Every display of a widget is a view with its own random id (``js/widget-view.js``). A view says
``hello`` when it starts mounting (so a mounting view counts), ``alive`` every
``HEARTBEAT_S`` seconds, and ``closed`` when it goes away. A browser tab that is closed says
nothing: a view not heard from for ``EXPIRY_S`` seconds stops counting. Counting by id means
a repeated or forged ``hello``/``closed`` cannot push the count anywhere: the same id counts
once, an unknown id closes nothing, and there are at most ``MAX_VIEWS``.

Expiry runs on an idle clock (``IdleClock``): time that passes while the kernel runs cells does
not count, because a view's heartbeats wait in the kernel's queue until the cell has finished.
Otherwise every view would look gone after a cell that ran longer than ``EXPIRY_S``.

Expiry also has a timer of its own (``kernel_call_later``: the kernel's event loop, where comm
messages are handled), armed for the earliest moment a view could expire: a view that goes away
without a word stops being expected, and the status lines waiting for it change in place, even
when no other message or cell comes.

``invalidate``, ``resync`` and ``runtime-error`` cost the kernel a graph walk, the whole state
and a framed answer respectively, so each view gets a token bucket per kind (``RATES``).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger("nbbundle")

HEARTBEAT_S = 5.0
"""How often a view says ``alive`` (the widget syncs it to its views as ``_heartbeat_ms``)."""
EXPIRY_S = 20.0
"""A view not heard from for this long (on the idle clock) no longer counts."""
MAX_VIEWS = 64
"""Views per widget; more ``hello``s are ignored (no notebook shows one app 64 times)."""
RATES: dict[str, tuple[float, float]] = {
    # kind → (burst, tokens per second)
    "invalidate": (20.0, 10.0),
    "resync": (3.0, 0.5),
    # each costs a framed ``error`` answer; a real app's listener that throws on every event
    # still gets its first errors framed
    "runtime-error": (20.0, 5.0),
}


class IdleClock:
    """Seconds that pass while the kernel is idle: paused from the start of a cell to its end."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._paused_at: float | None = None
        self._paused_for = 0.0

    def pause(self, *_: object) -> None:
        if self._paused_at is None:
            self._paused_at = self._clock()

    def resume(self, *_: object) -> None:
        if self._paused_at is not None:
            self._paused_for += self._clock() - self._paused_at
            self._paused_at = None

    def now(self) -> float:
        now = self._paused_at if self._paused_at is not None else self._clock()
        return now - self._paused_for

    @property
    def paused(self) -> bool:
        return self._paused_at is not None


#: The kernel's idle clock; ``load_ipython_extension`` pauses it while cells run.
KERNEL_CLOCK = IdleClock()


Schedule = Callable[[float, Callable[[], None]], bool]
"""``schedule(delay, callback)``: call ``callback`` after ``delay`` seconds; False if it cannot."""


def kernel_call_later(delay: float, callback: Callable[[], None]) -> bool:
    """Call ``callback`` after ``delay`` seconds on the IPython kernel's event loop (where widget
    messages are handled, so no lock is needed); False outside an ipykernel (marimo's kernel,
    plain Python), where views expire only when a message or a cell asks.

    Read through ``sys.modules``, never imported: importing ipykernel in another host's kernel
    (marimo's) replaces the ``comm`` package's factory, and that host's widgets stop working.
    """
    kernelapp = sys.modules.get("ipykernel.kernelapp")
    IPKernelApp = getattr(kernelapp, "IPKernelApp", None)  # noqa: N806
    if IPKernelApp is None or not IPKernelApp.initialized():
        return False
    loop = getattr(getattr(IPKernelApp.instance(), "kernel", None), "io_loop", None)
    if loop is None:
        return False
    loop.add_callback(loop.call_later, delay, callback)  # add_callback: safe from any thread
    return True


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class View:
    id: str
    last_seen: float
    buckets: dict[str, _Bucket] = field(default_factory=dict)


class ViewRegistry:
    """The views of one widget that exist now (mounting ones included)."""

    def __init__(self, clock: IdleClock = KERNEL_CLOCK, rate_clock: Callable[[], float] = time.monotonic,
                 schedule: Schedule | None = kernel_call_later) -> None:
        self._clock = clock
        self._rate_clock = rate_clock
        self._schedule = schedule
        self._timer_armed = False
        self._views: dict[str, View] = {}
        self.on_gone: list[Callable[[str], None]] = []
        """Called with a view id when it closed or expired."""

    def seen(self, view_id: str) -> bool:
        """A message came from ``view_id``: it is live now. False if it cannot be counted (full)."""
        view = self._views.get(view_id)
        if view is None:
            self.expire()
            if len(self._views) >= MAX_VIEWS:
                return False
            view = self._views[view_id] = View(view_id, self._clock.now())
        view.last_seen = self._clock.now()
        self._arm()
        return True

    def knows(self, view_id: str) -> bool:
        return view_id in self._views

    def close(self, view_id: str) -> None:
        if self._views.pop(view_id, None) is not None:
            self._gone(view_id)

    def expire(self) -> None:
        deadline = self._clock.now() - EXPIRY_S
        for view_id in [v.id for v in self._views.values() if v.last_seen < deadline]:
            del self._views[view_id]
            self._gone(view_id)

    def live(self) -> list[str]:
        """Ids of the views that count now."""
        self.expire()
        return list(self._views)

    def __len__(self) -> int:
        return len(self.live())

    def allow(self, view_id: str, kind: str) -> bool:
        """Whether ``view_id`` may send one more ``kind`` message now (token bucket)."""
        view = self._views.get(view_id)
        if view is None:
            return False
        burst, rate = RATES[kind]
        now = self._rate_clock()
        bucket = view.buckets.setdefault(kind, _Bucket(burst, now))
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def _arm(self) -> None:
        """Make sure a timer will look again when the first view could have expired.

        One timer at a time: a heartbeat only moves deadlines later, so a timer set for an
        earlier one finds nothing to do and sets the next. While a cell runs the idle clock
        stands still; the timer then looks again a heartbeat later.
        """
        if self._timer_armed or not self._views or self._schedule is None:
            return
        earliest = min(view.last_seen for view in self._views.values())
        delay = max(earliest + EXPIRY_S - self._clock.now(), HEARTBEAT_S if self._clock.paused else 0.5)
        self._timer_armed = self._schedule(delay, self._on_timer)

    def _on_timer(self) -> None:
        self._timer_armed = False
        try:
            self.expire()
        except Exception:  # a bug of ours must not stop the kernel's event loop
            logger.exception("nbbundle: expiring silent views failed")
        self._arm()

    def _gone(self, view_id: str) -> None:
        for callback in self.on_gone:
            callback(view_id)
