"""Type words into a zensical site's search in headless Chromium; print what it finds.

Usage (the site served, or its folder as a file:// URL)::

    (cd /tmp/zs/zensical/site && python -m http.server 8000 --bind 127.0.0.1) &
    python -m tools.zensical_search http://127.0.0.1:8000/ 水库 SL-2022-001

Per word: the "N results" status, the seconds from opening the search to it, and the first
three pages of the results. zensical's search is a dialog of its own (not Material's
``input.md-search__input``, which ``tests/browser_support.py`` drives). bench/README.md,
"zensical", has what it found.
"""

from __future__ import annotations

import re
import sys
import time

WAIT_S = 40.0


def search(base: str, words: list[str]) -> list[tuple[str, str, float, list[str]]]:
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for word in words:
            page.goto(base + "index.html")
            page.wait_for_load_state("networkidle")
            began = time.perf_counter()
            page.locator(".md-search__button").first.click()
            box = page.locator("dialog input[role=combobox]")
            box.wait_for(state="visible")
            box.type(word, delay=30)
            status = f"no 'N results' within {WAIT_S:.0f} s"
            # Until its index has loaded the dialog says "No results": wait for a count.
            while time.perf_counter() - began < WAIT_S:
                counts = [t for t in page.locator("dialog [role=status]").all_inner_texts()
                          if t.split(" ")[0].isdigit()]
                if counts:
                    status = counts[0]
                    break
                time.sleep(0.2)
            seconds = time.perf_counter() - began
            time.sleep(0.5)  # the list is drawn just after the count
            links = page.locator("dialog ol[role=listbox] a").evaluate_all(
                "els => els.map(e => e.getAttribute('href'))")
            pages: list[str] = []
            for link in links:
                path = re.sub(r"[?#].*$", "", link)[len(base):] if link.startswith(base) else link
                if path not in pages:
                    pages.append(path)
            found.append((word, status, seconds, pages[:3]))
        browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    base = args[0] if args[0].endswith("/") else args[0] + "/"
    for word, status, seconds, pages in search(base, args[1:]):
        print(f"{word}\t{status}\t{seconds:.1f}s\t{' '.join(pages)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
