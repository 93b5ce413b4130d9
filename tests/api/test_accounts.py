"""Accounts through GraphQL: register, login, me, profile, avatar, password, admin locking."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest

from db.tables import Role
from resolvers.tokens import TokenIssuer
from tests.factories import LOGIN, PASSWORD, login, make_user

REGISTER = """
mutation Register($input: RegisterInput!) {
  register(input: $input) { user { id username nickname role } errors { field code message } }
}
"""
ME = "{ me { username nickname signature avatarUrl role } }"
UPDATE_PROFILE = """
mutation Update($input: UpdateProfileInput!) {
  updateProfile(input: $input) { user { nickname signature } errors { field code message } }
}
"""
CHANGE_PASSWORD = """
mutation Change($old: String!, $new: String!) {
  changePassword(oldPassword: $old, newPassword: $new) { token errors { field code } }
}
"""
USERS = "{ users(first: 10) { edges { node { id username isLocked } } pageInfo { hasNextPage } } }"
LOCK = """
mutation Lock($id: ID!, $locked: Boolean!) {
  setUserLocked(userId: $id, locked: $locked) { user { username isLocked } errors { code } }
}
"""
UPLOAD_AVATAR = (
    "mutation($file: Upload!) { uploadAvatar(avatar: $file) { user { avatarUrl } errors { field code } } }"
)


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


PNG = image_bytes()


async def upload_avatar(
    gql: Any, token: str, content: bytes, name: str, content_type: str = "image/png"
) -> dict[str, Any]:
    """uploadAvatar as a browser sends it (GraphQL multipart request spec); its payload."""
    response = await gql.http.post(
        "/graphql",
        data={
            "operations": '{{"query": "{}", "variables": {{"file": null}}}}'.format(
                UPLOAD_AVATAR.replace('"', '\\"')
            ),
            "map": '{"0": ["variables.file"]}',
        },
        files={"0": (name, content, content_type)},
        headers={"Authorization": f"Bearer {token}"},
    )
    result: dict[str, Any] = response.json()["data"]["uploadAvatar"]
    return result


async def test_register_then_login_then_me(gql: Any) -> None:
    data = await gql(REGISTER, {"input": {"username": "alice", "password": PASSWORD, "nickname": "Al"}})
    assert data["register"]["errors"] == []
    assert data["register"]["user"]["role"] == "CUSTOMER"
    token = await login(gql, "alice")
    me = await gql(ME, token=token)
    assert me["me"]["username"] == "alice"
    assert me["me"]["nickname"] == "Al"


async def test_duplicate_username_is_a_typed_error(gql: Any) -> None:
    await gql(REGISTER, {"input": {"username": "bob", "password": PASSWORD}})
    data = await gql(REGISTER, {"input": {"username": "bob", "password": PASSWORD}})
    assert data["register"]["user"] is None
    assert data["register"]["errors"] == [
        {"field": "username", "code": "USERNAME_TAKEN", "message": "this username is taken"}
    ]


async def test_register_reports_every_invalid_field(gql: Any) -> None:
    data = await gql(REGISTER, {"input": {"username": "x!", "password": "short"}})
    fields = {error["field"] for error in data["register"]["errors"]}
    assert fields == {"username", "password"}


async def test_wrong_password_does_not_log_in(gql: Any, session: Any) -> None:
    await make_user(session, "carol")
    data = await gql(LOGIN, {"username": "carol", "password": "wrong password"})
    assert data["login"]["token"] is None
    assert data["login"]["errors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_passwords_are_stored_as_argon2_hashes(session: Any) -> None:
    user = await make_user(session, "dave")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


async def test_me_is_null_without_token_and_with_a_forged_one(gql: Any, settings: Any) -> None:
    assert (await gql(ME))["me"] is None
    forged = TokenIssuer("some-other-key-entirely-0123456789abcdef", timedelta(hours=1)).issue(1, 0)
    assert (await gql(ME, token=forged))["me"] is None


async def test_expired_token_cannot_do_what_needs_a_login(gql: Any, session: Any, settings: Any) -> None:
    user = await make_user(session)
    assert user.id is not None
    expired = TokenIssuer(settings.signing_key(), timedelta(seconds=-10)).issue(user.id, 0)
    response = await gql.post(UPDATE_PROFILE, {"input": {"nickname": "x"}}, token=expired)
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_update_profile_validates_and_saves(gql: Any, session: Any) -> None:
    user = await make_user(session)
    token = await login(gql, user.username)
    bad = await gql(UPDATE_PROFILE, {"input": {"signature": "x" * 201}}, token=token)
    assert bad["updateProfile"]["errors"][0]["field"] == "signature"
    good = await gql(UPDATE_PROFILE, {"input": {"nickname": "Eve", "signature": "hi"}}, token=token)
    assert good["updateProfile"]["user"] == {"nickname": "Eve", "signature": "hi"}


async def test_changing_the_password_invalidates_old_tokens(gql: Any, session: Any) -> None:
    user = await make_user(session)
    old_token = await login(gql, user.username)
    data = await gql(CHANGE_PASSWORD, {"old": PASSWORD, "new": "a brand new secret"}, token=old_token)
    new_token = data["changePassword"]["token"]
    assert new_token
    assert (await gql(ME, token=old_token))["me"] is None
    assert (await gql(ME, token=new_token))["me"]["username"] == user.username
    await login(gql, user.username, "a brand new secret")


async def test_change_password_needs_the_current_one(gql: Any, session: Any) -> None:
    user = await make_user(session)
    token = await login(gql, user.username)
    data = await gql(CHANGE_PASSWORD, {"old": "not it at all", "new": "quite another phrase"}, token=token)
    assert data["changePassword"]["errors"] == [{"field": "oldPassword", "code": "WRONG_PASSWORD"}]


async def test_admin_locks_a_user_who_then_cannot_log_in(gql: Any, session: Any) -> None:
    admin = await make_user(session, role=Role.ADMIN)
    victim = await make_user(session)
    admin_token = await login(gql, admin.username)
    victim_token = await login(gql, victim.username)
    listing = await gql(USERS, token=admin_token)
    ids = {edge["node"]["username"]: edge["node"]["id"] for edge in listing["users"]["edges"]}
    data = await gql(LOCK, {"id": ids[victim.username], "locked": True}, token=admin_token)
    assert data["setUserLocked"]["user"]["isLocked"] is True
    refused = await gql(LOGIN, {"username": victim.username, "password": PASSWORD})
    assert refused["login"]["errors"][0]["code"] == "ACCOUNT_LOCKED"
    assert (await gql(ME, token=victim_token))["me"] is None  # a live token stops working too


async def test_customers_cannot_list_or_lock_users(gql: Any, session: Any) -> None:
    user = await make_user(session)
    token = await login(gql, user.username)
    body = (await gql.post(USERS, token=token)).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["data"] is None


async def test_avatar_upload_accepts_a_png_and_refuses_other_files(gql: Any, session: Any) -> None:
    user = await make_user(session)
    token = await login(gql, user.username)

    async def upload(content: bytes, name: str) -> dict[str, Any]:
        return await upload_avatar(gql, token, content, name)

    ok = await upload(PNG, "me.png")
    assert ok["errors"] == []
    assert ok["user"]["avatarUrl"].startswith("/media/avatars/")
    fake = await upload(b"#!/bin/sh\necho pwned", "me.png")
    assert fake["errors"] == [{"field": "avatar", "code": "UNSUPPORTED_FILE_TYPE"}]
    # the first bytes of a PNG, and then nothing an image decoder accepts
    header_only = await upload(b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>" * 4, "me.png")
    assert header_only["errors"] == [{"field": "avatar", "code": "UNSUPPORTED_FILE_TYPE"}]
    too_big = await upload(PNG + b"\x00" * (2 * 1024 * 1024), "big.png")
    assert too_big["errors"] == [{"field": "avatar", "code": "FILE_TOO_LARGE"}]
    avatar_path = ok["user"]["avatarUrl"]
    served = await gql.http.get(avatar_path)
    assert served.status_code == 200
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.content.startswith(b"\x89PNG")


async def test_a_body_over_the_upload_limit_is_refused_before_reading(gql: Any) -> None:
    response = await gql.http.post(
        "/graphql",
        data={"operations": "{}", "map": "{}"},
        files={"0": ("big.png", PNG + b"\x00" * (3 * 1024 * 1024), "image/png")},
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_login_attempts_are_rate_limited_per_account(gql: Any, session: Any) -> None:
    user = await make_user(session)
    codes = []
    for _ in range(11):
        data = await gql(LOGIN, {"username": user.username, "password": "wrong password"})
        codes.append(data["login"]["errors"][0]["code"])
    assert codes[:10] == ["INVALID_CREDENTIALS"] * 10
    assert codes[10] == "RATE_LIMITED"
    blocked = await gql(LOGIN, {"username": user.username, "password": PASSWORD})
    assert blocked["login"]["token"] is None  # even the right password waits for the window


async def test_a_failed_write_does_not_break_later_mutations_of_the_same_request(
    gql: Any, session: Any
) -> None:
    admin = await make_user(session, role=Role.ADMIN)
    token = await login(gql, admin.username)
    document = f"""
    mutation {{
      missing: setUserLocked(userId: "VXNlcjo5OTk5OTk=", locked: true) {{ errors {{ code }} }}
      password: changePassword(oldPassword: "{PASSWORD}", newPassword: "another long secret") {{ token errors {{ code }} }}
    }}
    """
    data = await gql(document, token=token)
    assert data["missing"]["errors"] == [{"code": "NOT_FOUND"}]
    assert data["password"]["errors"] == []
    assert data["password"]["token"]


async def test_avatars_are_decoded_and_stored_as_a_fresh_image(gql: Any, session: Any, settings: Any) -> None:
    from PIL import Image

    user = await make_user(session)
    token = await login(gql, user.username)
    # a real JPEG with HTML appended: browsers that sniff would see a page
    polyglot = image_bytes("JPEG", (1200, 900)) + b"<html><script>alert(document.cookie)</script></html>"
    url = (await upload_avatar(gql, token, polyglot, "me.jpg", "image/jpeg"))["user"]["avatarUrl"]
    stored = (settings.media_dir / url.removeprefix("/media/")).read_bytes()

    assert b"<script>" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG"
        assert max(image.size) == 512  # scaled down, proportions kept


def test_a_decompression_bomb_is_refused_by_its_declared_size() -> None:
    from resolvers.accounts import reencode_avatar
    from resolvers.errors import DomainError

    huge = image_bytes("PNG", (6000, 6000))  # small on disk, 36 megapixels decoded

    with pytest.raises(DomainError) as refused:
        reencode_avatar(huge)

    assert refused.value.errors[0].code == "file_too_large"


async def test_usernames_are_one_account_whatever_their_case(gql: Any, session: Any) -> None:
    await gql(REGISTER, {"input": {"username": "Frida", "password": PASSWORD}})

    again = await gql(REGISTER, {"input": {"username": "fRIDA", "password": PASSWORD}})
    token = await login(gql, "FRIDA")

    assert again["register"]["errors"][0]["code"] == "USERNAME_TAKEN"
    assert (await gql(ME, token=token))["me"]["username"] == "Frida"


async def test_common_and_guessable_passwords_are_refused(gql: Any) -> None:
    for weak in ("password123", "12345678", "iloveyou1", "qwertyuiop", "hannah1990", "greta_2024"):
        data = await gql(REGISTER, {"input": {"username": "greta_2024", "password": weak}})
        assert data["register"]["errors"][0]["code"] == "WEAK_PASSWORD", weak
        assert data["register"]["errors"][0]["field"] == "password"
    fine = await gql(REGISTER, {"input": {"username": "greta_2024", "password": "violet kettle under moon"}})
    assert fine["register"]["errors"] == []


async def test_names_that_speak_for_the_shop_are_reserved(gql: Any, session: Any) -> None:
    for name in ("admin", "Mall_Support", "r00t"):
        data = await gql(REGISTER, {"input": {"username": name, "password": PASSWORD}})
        assert data["register"]["errors"][0]["code"] == "RESERVED", name
    user = await make_user(session)
    token = await login(gql, user.username)
    for nickname in ("Admin", "ＡＤＭＩＮ", "\u0430dmin", "Mall Support", "A.d.m.i.n"):
        data = await gql(UPDATE_PROFILE, {"input": {"nickname": nickname}}, token=token)
        assert data["updateProfile"]["errors"][0]["code"] == "RESERVED", nickname
    for nickname in ("Eve\u202eevil", "tab\there", "nul\u0000"):
        data = await gql(UPDATE_PROFILE, {"input": {"nickname": nickname}}, token=token)
        assert data["updateProfile"]["errors"][0]["code"] == "INVALID", nickname
    kept = await gql(UPDATE_PROFILE, {"input": {"nickname": "Small Batch Bakery"}}, token=token)
    assert kept["updateProfile"]["errors"] == []


async def test_password_changes_count_against_the_attempt_limit_aliases_included(
    gql: Any, session: Any
) -> None:
    user = await make_user(session)
    token = await login(gql, user.username)  # one attempt of the ten
    guesses = " ".join(
        f'g{i}: changePassword(oldPassword: "guess number {i}", newPassword: "violet kettle under moon") '
        "{ errors { code } }"
        for i in range(12)
    )

    data = await gql(f"mutation {{ {guesses} }}", token=token)

    outcomes = [data[f"g{i}"]["errors"][0]["code"] for i in range(12)]
    assert outcomes[:9] == ["WRONG_PASSWORD"] * 9
    assert set(outcomes[9:]) == {"RATE_LIMITED"}
    refused = await gql(LOGIN, {"username": user.username, "password": PASSWORD})
    assert refused["login"]["errors"][0]["code"] == "RATE_LIMITED"
