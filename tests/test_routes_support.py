"""demo/web/routes/support.py and staff.py: route C from the request to support's reset."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from content.catalog import catalog
from demo.web.middleware import UPLOAD_LIMIT
from tests.decode_watch import DecodeWatch
from tests.demo_client import FORM, Visitor, photo, refused


def test_route_c_from_request_to_reset(visitor: Visitor) -> None:
    """Issue 4 route C; SECURITY.md "Support requests and the ID selfie"."""
    visitor.sign_up()
    visitor.set_up_two_factor()
    visitor.post("/demo/sign-out")

    page = visitor.post("/demo/support", FORM)
    assert re.fullmatch(r"/demo/support/\d+", page.url.path)
    assert 'data-status="selfie_requested"' in page.text
    number = int(page.url.path.rsplit("/", 1)[1])
    inbox = visitor.get("/demo/inbox").text
    assert 'data-kind="selfie_requested"' in inbox and f"T-{number:06d}" in inbox

    sent = visitor.post(f"/demo/support/{number}/selfie", files={"photo": ("me.jpg", photo(), "image/jpeg")})
    assert 'data-status="selfie_received"' in sent.text
    again = visitor.post(f"/demo/support/{number}/selfie", files={"photo": ("me2.jpg", photo(), "image/jpeg")})
    assert refused(again) and "以前送った写真と同じです" in again.text

    assert "スタッフとしてログイン" in visitor.get("/demo/staff").text
    visitor.post("/demo/staff/sign-in")
    review = visitor.get(f"/demo/staff/tickets/{number}")
    assert "+819012345678" in review.text and "+818011112222" in review.text
    image = re.search(r'<img src="([^"]+/selfies/[^"]+)"', review.text).group(1)
    served = visitor.get(image)
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    assert b"Exif" not in served.content

    done = visitor.post(f"/demo/staff/tickets/{number}/reset")
    assert 'data-status="resolved"' in done.text
    assert 'data-kind="support_reset"' in visitor.get("/demo/inbox").text
    assert visitor.sign_in().url.path == "/demo/2fa/setup"


def test_a_rejected_request_names_each_field_and_keeps_every_value(visitor: Visitor) -> None:
    typed = {**FORM, "birth_date": "2999-01-01", "phone": "12345", "email": "hanako@"}
    page = visitor.post("/demo/support", typed)
    assert refused(page)
    errors = dict(re.findall(r'class="demo-error" id="f-(\w+)-error">([^<]+)', page.text))
    assert set(errors) == {"birth_date", "phone", "email"}
    assert errors["birth_date"] == "未来の日付は入力できません。"
    for name in ("name", "address", "new_phone", "email", "phone", "birth_date"):
        assert f'value="{typed[name]}"' in page.text, name
    assert typed["details"] in page.text and 'value="yes" checked' in page.text
    assert visitor.get(str(page.url)).text == page.text  # a reload shows the same errors and values


def test_a_selfie_that_is_not_a_photo_is_refused_in_english(visitor: Visitor) -> None:
    visitor.get("/demo/?lang=en")
    number = int(visitor.post("/demo/support", FORM).url.path.rsplit("/", 1)[1])
    page = visitor.post(f"/demo/support/{number}/selfie", files={"photo": ("me.jpg", b"<html>", "image/jpeg")})
    assert refused(page) and "Choose a JPEG or PNG photo." in page.text


def test_staff_pages_need_the_staff_sign_in(visitor: Visitor) -> None:
    number = int(visitor.post("/demo/support", FORM).url.path.rsplit("/", 1)[1])
    assert visitor.get(f"/demo/staff/tickets/{number}").url.path == "/demo/staff"
    refused = visitor.post(f"/demo/staff/tickets/{number}/reset")
    assert refused.url.path == "/demo/staff" and "スタッフとしてログイン" in refused.text


def test_another_sandbox_sees_neither_the_ticket_nor_the_photo(visitor: Visitor) -> None:
    from fastapi.testclient import TestClient

    number = int(visitor.post("/demo/support", FORM).url.path.rsplit("/", 1)[1])
    stranger = Visitor(TestClient(visitor.client.app, follow_redirects=True), visitor.clock)
    assert stranger.get(f"/demo/support/{number}").status_code == 404
    stranger.post("/demo/staff/sign-in")
    assert stranger.get(f"/demo/staff/tickets/{number}").status_code == 404


def selfie_page(visitor: Visitor) -> str:
    """A new ticket's selfie address (its page read first, for the form's token)."""
    number = int(visitor.post("/demo/support", FORM).url.path.rsplit("/", 1)[1])
    visitor.get(f"/demo/support/{number}")
    return f"/demo/support/{number}/selfie"


def test_the_same_file_sent_again_is_refused_before_it_is_decoded(
    visitor: Visitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SECURITY.md "Support requests and the ID selfie": "take a new one", without decoding the file;
    the same picture in another file is decoded and refused by its fingerprint."""
    target = selfie_page(visitor)
    sent = visitor.post(target, files={"photo": ("me.jpg", photo(), "image/jpeg")})
    assert 'data-status="selfie_received"' in sent.text
    opened: list[object] = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda *args, **kwargs: opened.append(args) or real_open(*args, **kwargs))

    again = visitor.post(target, files={"photo": ("me.jpg", photo(), "image/jpeg")})
    assert refused(again) and "以前送った写真と同じです" in again.text
    assert opened == []

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, "JPEG", comment=b"saved again")
    assert out.getvalue() != photo()
    resaved = visitor.post(target, files={"photo": ("me.jpg", out.getvalue(), "image/jpeg")})
    assert refused(resaved) and "以前送った写真と同じです" in resaved.text
    assert len(opened) == 1


def test_selfies_sent_at_once_are_decoded_one_at_a_time_and_each_answered(
    visitor: Visitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SECURITY.md "Support requests and the ID selfie": the two kept waiting are answered too."""
    target = selfie_page(visitor)
    watch = DecodeWatch(monkeypatch)
    with ThreadPoolExecutor(3) as pool:
        sending = [pool.submit(visitor.post, target, files={"photo": ("me.jpg", photo(colour), "image/jpeg")})
                   for colour in ("teal", "olive", "navy")]
        try:
            assert watch.arrived(3) == (1, 2)
        finally:
            watch.release()
        pages = [page.result(timeout=60) for page in sending]
    assert watch.most == 1
    assert [(page.status_code, page.url.params.get("sent")) for page in pages] == [(200, "1")] * 3
    visitor.post("/demo/staff/sign-in")
    review = visitor.get(target.replace("/demo/support/", "/demo/staff/tickets/").removesuffix("/selfie"))
    assert len(re.findall(r'<img src="[^"]+/selfies/', review.text)) == 3


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_photo_over_the_limit_is_sent_back_to_its_ticket_page_in_the_readers_language(
        visitor: Visitor, language: str, chunked: bool) -> None:
    """Issue 23: not a dead-end 413 page but the upload page again, saying the limit and how to send a
    smaller photo, however the body is sent."""
    visitor.get(f"/demo/support?lang={language}")
    target = selfie_page(visitor)
    body = f"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{visitor.csrf}\r\n".encode() + b"x" * (
        UPLOAD_LIMIT + 1)

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 1 << 20):
            yield body[start:start + (1 << 20)]

    response = visitor.client.post(target, content=chunks() if chunked else body, follow_redirects=False,
                                   headers={"content-type": "multipart/form-data; boundary=b"})

    assert response.status_code == 303
    assert response.headers["location"] == target.removesuffix("/selfie") + "?photo=too_large"
    page = visitor.get(response.headers["location"])
    assert page.status_code == 200 and 'data-status="selfie_requested"' in page.text
    assert html.escape(str(catalog(language)["error.photo.too_large"])) in page.text
