"""Accounts through GraphQL: register, login, me, profile, avatar, password, admin locking."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

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

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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
    data = await gql(CHANGE_PASSWORD, {"old": "not it at all", "new": "whatever123"}, token=token)
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
        response = await gql.http.post(
            "/graphql",
            data={
                "operations": '{{"query": "{}", "variables": {{"file": null}}}}'.format(
                    UPLOAD_AVATAR.replace('"', '\\"')
                ),
                "map": '{"0": ["variables.file"]}',
            },
            files={"0": (name, content, "image/png")},
            headers={"Authorization": f"Bearer {token}"},
        )
        result: dict[str, Any] = response.json()["data"]["uploadAvatar"]
        return result

    ok = await upload(PNG, "me.png")
    assert ok["errors"] == []
    assert ok["user"]["avatarUrl"].startswith("/media/avatars/")
    fake = await upload(b"#!/bin/sh\necho pwned", "me.png")
    assert fake["errors"] == [{"field": "avatar", "code": "UNSUPPORTED_FILE_TYPE"}]
    too_big = await upload(PNG + b"\x00" * (2 * 1024 * 1024), "big.png")
    assert too_big["errors"] == [{"field": "avatar", "code": "FILE_TOO_LARGE"}]
    avatar_path = ok["user"]["avatarUrl"]
    served = await gql.http.get(avatar_path)
    assert served.status_code == 200
    assert served.content == PNG


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
