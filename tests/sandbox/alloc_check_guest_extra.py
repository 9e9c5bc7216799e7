# Appended to the real guest glue (src/riptide/guest/app.py) to build a test component that, for
# an input "RIPTIDE-ALLOC-CHECK\nSEED STEPS", drives the size-class allocator (csrc/objalloc/)
# inside the guest: STEPS seeded steps that make, grow, shrink and drop bytearrays and lists of
# 0 to 600 bytes (across the 512-byte class limit both ways, so blocks move between the classes
# and the previous allocator), checking every live one's contents before each step; then the same
# steps again, which must be served from the blocks the first run freed (the regions taken from
# malloc do not grow). It answers with an error either way: invalid-html "alloc ok", or
# internal-error saying what went wrong.
ALLOC_CHECK_MARKER = "RIPTIDE-ALLOC-CHECK\n"


def _alloc_steps(seed, steps):
    """None when every buffer kept its contents through ``steps`` seeded steps, else where not."""
    import random

    rng = random.Random(seed)
    live = {}
    for step in range(steps):
        slot = rng.randrange(48)
        held = live.get(slot)
        if held is not None:
            buffer, items, fill = held
            if buffer != bytes([fill]) * len(buffer) or items != [fill] * len(items):
                return f"step {step}: a buffer of {len(buffer)} bytes or a list of {len(items)} changed"
        size = rng.choice((0, 1, 7, 8, 9, 63, 64, 65, rng.randrange(64), rng.randrange(600)))
        action = rng.random()
        if held is None or action < 0.35:
            fill = rng.randrange(256)
            live[slot] = (bytearray([fill]) * size, [fill] * (size // 4), fill)
        elif action < 0.8:  # grow or shrink in place: realloc of the buffer and the list's array
            buffer, items, fill = held
            if size > len(buffer):
                buffer.extend(bytes([fill]) * (size - len(buffer)))
                items.extend([fill] * (size // 4 - len(items)))
            else:
                del buffer[size:]
                del items[size // 4 :]
        else:
            del live[slot]
    return None


def _check_alloc(text):
    from riptide.engine import _objalloc

    seed, steps = (int(part) for part in text.split())
    if not _objalloc.stats()["installed"]:
        raise Err(wit.ExtractionError_InternalError("the size classes are not installed"))  # noqa: F821
    problem = _alloc_steps(seed, steps)
    taken = _objalloc.stats()["region_bytes"]
    problem = problem or _alloc_steps(seed, steps)
    more = _objalloc.stats()["region_bytes"] - taken
    if problem is None and more:
        problem = f"the same steps again took {more} more bytes from malloc"
    if problem is None:
        raise Err(wit.ExtractionError_InvalidHtml("alloc ok"))  # noqa: F821
    raise Err(wit.ExtractionError_InternalError(problem[:500]))  # noqa: F821


GUEST_CHECKS[ALLOC_CHECK_MARKER] = _check_alloc  # noqa: F821 - check_hooks_guest_extra.py
