"""Demo service under load: a load generator in its own process against the real server.

Each endpoint is driven by 20 concurrent clients for a fixed time; figures are requests per
second and p50/p99 latency, and each is also given as a ratio to a trivial endpoint of the same
server measured in the same run, so the machine's speed cancels out.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from dataclasses import dataclass

import httpx
import pyotp

CONCURRENCY = 20
SECONDS = 5.0


@dataclass(frozen=True)
class LoadFigures:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float


async def _prepared(client: httpx.AsyncClient, number: int) -> tuple[dict[str, str], pyotp.TOTP, str]:
    """A sandbox with an account that has 2FA on, signed in up to the code step."""
    home = await client.get("/demo/sign-in")
    form = {"csrf": re.search(r'name="csrf" value="([^"]+)"', home.text).group(1)}
    email = f"load{number}@example.com"
    await client.post("/demo/accounts", data={**form, "email": email, "password": "correct horse"})
    await client.post("/demo/2fa/setup", data=form)
    setup = await client.get("/demo/2fa/setup")
    app = pyotp.TOTP(re.search(r"<code data-key>([A-Z2-7 ]+)</code>", setup.text).group(1).replace(" ", ""))
    await client.post("/demo/2fa/confirm", data={**form, "code": app.now()})
    await client.post("/demo/2fa/recovery-codes/saved", data={**form, "saved": "yes"})
    return form, app, email


async def _drive(base: str, name: str) -> LoadFigures:
    latencies: list[float] = []
    stop = time.monotonic() + SECONDS

    async def worker(number: int) -> None:
        async with httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=60) as client:
            form, app, email = await _prepared(client, number) if name == "sign-in with a code" else ({}, None, "")
            if name == "set up 2FA (QR)":
                await client.post("/demo/accounts", data={**await _form(client), "email": f"q{number}@example.com",
                                                          "password": "correct horse"})
                form = await _form(client)
            while time.monotonic() < stop:
                start = time.perf_counter()
                if name == "trivial endpoint":
                    response = await client.get("/demo/healthz")
                elif name == "static page":
                    response = await client.get("/en/change-phone.html", headers={"Accept-Encoding": "gzip"})
                elif name == "set up 2FA (QR)":
                    response = await client.post("/demo/2fa/setup", data=form, follow_redirects=True)
                else:
                    await client.post("/demo/sign-out", data=form)
                    await client.post("/demo/sign-in", data={**form, "email": email, "password": "correct horse"})
                    start = time.perf_counter()  # time the code step alone (the password step is argon2)
                    response = await client.post("/demo/sign-in/code", data={**form, "code": app.now()})
                latencies.append(time.perf_counter() - start)
                if response.status_code >= 500:
                    raise RuntimeError(f"{name}: {response.status_code}")

    began = time.monotonic()
    await asyncio.gather(*(worker(number) for number in range(CONCURRENCY)))
    elapsed = max(time.monotonic() - began, SECONDS)
    latencies.sort()
    return LoadFigures(name, len(latencies) / elapsed, statistics.median(latencies) * 1000,
                       latencies[int(len(latencies) * 0.99) - 1] * 1000)


async def _form(client: httpx.AsyncClient) -> dict[str, str]:
    home = await client.get("/demo/sign-in")
    return {"csrf": re.search(r'name="csrf" value="([^"]+)"', home.text).group(1)}


async def _sign_ins(base: str, per_client: int = 8) -> LoadFigures:
    """Whole sign-ins (password, then a code): each account can use one code per step, so every
    client first enrols a pool of accounts (not timed), then signs each of them in once."""
    latencies: list[float] = []

    async def worker(number: int) -> None:
        pool = []
        for index in range(per_client):
            client = httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=60)
            pool.append((client, *await _prepared(client, number * per_client + index)))
        for client, form, _app, _email in pool:
            await client.post("/demo/sign-out", data=form)
        prepared.append(number)
        await ready.wait()
        for client, form, app, email in pool:
            start = time.perf_counter()
            await client.post("/demo/sign-in", data={**form, "email": email, "password": "correct horse"})
            response = await client.post("/demo/sign-in/code", data={**form, "code": app.at(time.time() + 30)})
            latencies.append(time.perf_counter() - start)
            if not response.headers.get("location", "").startswith("/demo/account"):
                raise RuntimeError(f"sign-in refused: {response.status_code}")
            await client.aclose()

    ready = asyncio.Event()
    prepared: list[int] = []
    workers = [asyncio.ensure_future(worker(number)) for number in range(CONCURRENCY)]
    while len(prepared) < CONCURRENCY:
        if any(task.done() and task.exception() for task in workers):
            await asyncio.gather(*workers)  # raises the worker's error
        await asyncio.sleep(0.05)
    began = time.monotonic()
    ready.set()
    await asyncio.gather(*workers)
    elapsed = time.monotonic() - began
    latencies.sort()
    return LoadFigures("sign-in with a code (password + code)", len(latencies) / elapsed,
                       statistics.median(latencies) * 1000, latencies[int(len(latencies) * 0.99) - 1] * 1000)


def run(base: str) -> list[LoadFigures]:
    names = ["trivial endpoint", "static page", "set up 2FA (QR)"]
    return [asyncio.run(_drive(base, name)) for name in names] + [asyncio.run(_sign_ins(base))]


if __name__ == "__main__":  # the load generator's own process: python -m benchmarks.demo_load URL
    import json
    import sys

    print(json.dumps([figures.__dict__ for figures in run(sys.argv[1])]))
