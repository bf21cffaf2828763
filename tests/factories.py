"""Helpers that build people and couples through the public API, as a client would."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


@dataclass
class ApiUser:
    id: str
    email: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def sign_up(client: TestClient, name: str | None = None) -> ApiUser:
    n = next(_counter)
    name = name or f"Person {n}"
    email = f"{name.split()[0].lower()}{n}@example.org"
    created = client.post("/api/v1/accounts",
                          json={"email": email, "password": PASSWORD, "display_name": name})
    assert created.status_code == 202, created.text
    token = client.post("/api/v1/sessions", json={"email": email, "password": PASSWORD})
    assert token.status_code == 200, token.text
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    return ApiUser(client.get("/api/v1/me", headers=bearer).json()["id"], email,
                   token.json()["token"])


def couple(client: TestClient) -> tuple[ApiUser, ApiUser]:
    """Two partners, paired through an invite code."""
    sam, alex = sign_up(client, "Sam"), sign_up(client, "Alex")
    code = client.post("/api/v1/couples", headers=sam.auth).json()["invite_code"]
    joined = client.post("/api/v1/couples/join", json={"invite_code": code}, headers=alex.auth)
    assert joined.status_code == 200, joined.text
    return sam, alex


def moment(client: TestClient, user: ApiUser, **fields) -> dict:
    body = {"happened": "We argued about the dishes and I went quiet.", **fields}
    response = client.post("/api/v1/moments", json=body, headers=user.auth)
    assert response.status_code == 201, response.text
    return response.json()


def run_cli(cli, *args, input=None):
    """Invoke `between ARGS` with the `cli` fixture's runner."""
    from between.cli.main import app

    return cli.invoke(app, list(args), input=input)


def screened(client: TestClient, *users: ApiUser) -> None:
    """Each user takes the private safety check-in, answering nothing that raises a concern.

    The softening conversation opens only when both partners have taken it (issue 13), so a
    test that starts one screens both first, as the partners would.
    """
    from tests.safety.answers import all_clear

    for user in users:
        taken = client.post("/api/v1/safety/check-in", json={"answers": all_clear()},
                            headers=user.auth)
        assert taken.status_code == 201, taken.text


def screened_couple(client: TestClient) -> tuple[ApiUser, ApiUser]:
    """Two partners who have both taken the private check-in: ready for joint work."""
    sam, alex = couple(client)
    screened(client, sam, alex)
    return sam, alex
