"""Persisted queries: in production only the operations the storefront was built with may run.

The frontend build writes `frontend/dist/persisted-queries.json` ({sha256: query text}). A
request may send the text (the storefront does) or only `extensions.persistedQuery.sha256Hash`
(Apollo's format). Texts are compared in a canonical form (parsed and printed again, bare
`__typename` selections dropped), so whitespace, comments, the client's printer and its cache's
`__typename` additions do not matter; a hash-only request names the canonical text's hash.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from pathlib import Path
from typing import Any

from graphql import (
    REMOVE,
    DocumentNode,
    FieldNode,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)


class PersistedQueryError(ValueError):
    """The allow-list file cannot be used (missing, not JSON, not {hash: text})."""


class _DropTypename(Visitor):
    """urql's cache adds `__typename` to every selection: it reveals nothing and changes no answer."""

    def enter_field(self, node: FieldNode, *_: Any) -> Any:
        return REMOVE if node.name.value == "__typename" and node.alias is None else None


def _hash_of(document: DocumentNode) -> str:
    printed = print_ast(visit(document, _DropTypename()))
    return hashlib.sha256(printed.encode()).hexdigest()


def canonical_hash(query: str) -> str | None:
    """sha256 of a trusted query's canonical text (printed again, bare __typename dropped); None
    when it does not parse. Visitors' documents go through `document_hash` after a bounded parse."""
    try:
        return _hash_of(parse(query, no_location=True))
    except GraphQLSyntaxError:
        return None


_HASHES: OrderedDict[str, str] = OrderedDict()
_HASHES_SIZE = 4096


def document_hash(query: str, document: DocumentNode) -> str:
    """The canonical hash of a document already parsed (within the token limit), cached by text."""
    found = _HASHES.get(query)
    if found is None:
        found = _HASHES[query] = _hash_of(document)
        if len(_HASHES) > _HASHES_SIZE:
            _HASHES.popitem(last=False)
    return found


class AllowList:
    def __init__(self, queries: dict[str, str]) -> None:
        self._by_hash: dict[str, str] = {}
        for text in queries.values():
            key = canonical_hash(text)
            if key is None:
                raise PersistedQueryError("the persisted-query list holds a query that does not parse")
            self._by_hash[key] = text

    @classmethod
    def load(cls, path: Path) -> AllowList:
        try:
            raw: Any = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PersistedQueryError(
                f"{path} is missing: build the frontend (npm run build in frontend/) or set "
                "MALL_PERSISTED_QUERIES_ENFORCE=false"
            ) from None
        except (OSError, ValueError) as exc:
            raise PersistedQueryError(f"{path} is not a JSON object of queries: {exc}") from None
        if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
            raise PersistedQueryError(f"{path} must map hashes to query texts")
        return cls(raw)

    def __len__(self) -> int:
        return len(self._by_hash)

    def operation_names(self) -> set[str]:
        names: set[str] = set()
        for text in self._by_hash.values():
            for definition in parse(text, no_location=True).definitions:
                if isinstance(definition, OperationDefinitionNode) and definition.name is not None:
                    names.add(definition.name.value)
        return names

    def allows_hash(self, key: str) -> bool:
        return key in self._by_hash

    def text_of(self, sha256: str) -> str | None:
        return self._by_hash.get(sha256)


def requested_hash(extensions: object) -> str | None:
    """`extensions.persistedQuery.sha256Hash` when the request carries one."""
    if not isinstance(extensions, dict):
        return None
    persisted = extensions.get("persistedQuery")
    if not isinstance(persisted, dict):
        return None
    value = persisted.get("sha256Hash")
    return value if isinstance(value, str) else None
