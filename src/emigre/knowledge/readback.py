"""Reading the knowledge-base cache back into models without validating it again.

The cache (`knowledge/cache.py`) holds JSON dumped from models that passed every check, under
a SHA-256 that matched. Validating it again cost a warm run twice over: pydantic built one
validator for every model of the knowledge base (their schemas are deferred, `base.Strict`),
then ran it over some 7,000 objects. A `Reader` turns the parsed JSON into the same objects
directly, from the models' own field types: dates from their ISO text, floats as floats, models
and dataclasses from their dicts, condition unions by their discriminator, the rest as JSON
gives it. The objects are equal to the validated ones, and dump to the same JSON (a test
compares them). Equal frozen models made of plain values (the same source cited by many
routes) are one object.

The checks of values that end up in links or file names (web addresses, route ids, country
codes) still run: the reader is given them (`checks`, validator functions as in
`AfterValidator(f)`) and calls them wherever a field's type names them. A type the reader does
not know raises `Unsupported` when its reader is built; data that does not fit its type raises
`Mismatch` (or the check's `ValueError`). The cache then validates as before.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable, Collection
from datetime import date
from typing import Any, ForwardRef, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic.functional_validators import AfterValidator

Convert = Callable[[Any], Any]
"""Turns one parsed JSON value into the model's value."""

_setattr = object.__setattr__
_NONE = type(None)

#: The JSON kind of each type JSON parses to.
_KIND: dict[type, str] = {
    dict: "object",
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "bool",
    _NONE: "null",
}
_SCALARS = frozenset({"string", "number", "bool", "null"})


class Unsupported(TypeError):
    """A field type the reader cannot rebuild (the caller validates instead)."""


class Mismatch(ValueError):
    """The data does not have the shape of its type (the caller validates instead)."""


def _same(value: Any) -> Any:
    return value


def _none_if_same(convert: Convert) -> Convert | None:
    return None if convert is _same else convert


def _as_float(value: Any) -> Any:
    """A float field given a whole number in JSON holds a float, as pydantic makes it."""
    return float(value) if type(value) is int else value


def _iso_date(value: Any) -> date:
    if type(value) is not str:
        raise Mismatch(f"not a date: {value!r:.40}")
    return date.fromisoformat(value)


class Reader:
    """Rebuilds values of given types from parsed JSON (of a dump by alias); `checks` still
    run on the values they annotate."""

    def __init__(self, checks: Collection[Callable[[Any], Any]] = ()) -> None:
        self._checks = frozenset(checks)
        self._built: dict[Any, Convert] = {}

    def read(self, tp: Any, data: Any) -> Any:
        """`data` as a value of `tp`."""
        convert = self.converter(tp)
        return data if convert is None else convert(data)

    def converter(self, tp: Any) -> Convert | None:
        """The function that rebuilds a value of `tp`, or None when JSON gives it as it is."""
        try:
            known = self._built.get(tp)
        except TypeError:  # an annotation holding unhashable metadata
            return _none_if_same(self._build(tp))
        if known is None:
            known = self._built[tp] = self._build(tp)
        return _none_if_same(known)

    def _build(self, tp: Any) -> Convert:
        if tp in (str, int, bool, Any, _NONE):
            return _same
        if tp is float:
            return _as_float
        if tp is date:
            return _iso_date
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return self._model(tp)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            return self._dataclass(tp)
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is Literal:
            return _same
        if origin is typing.Annotated:
            return self._annotated(args[0], tp.__metadata__)
        if origin in (Union, types.UnionType):
            return self._union(args)
        if origin is list:
            return self._list(args[0])
        if origin is dict:
            return self._dict(args[0], args[1])
        raise Unsupported(f"cannot read back {tp!r}")

    def _model(self, cls: type[BaseModel]) -> Convert:
        if cls.__private_attributes__ or cls.model_post_init is not BaseModel.model_post_init:
            raise Unsupported(f"{cls.__name__}: private attributes or model_post_init")
        fields = cls.__pydantic_fields__
        made: list[Convert] = []
        # Registered before its fields are built, since a model may contain itself (a logic
        # condition holds conditions); replaced by the rebuilt function once it exists.
        self._built[cls] = lambda data: made[0](data)
        plan: list[tuple[str, str, Convert | None]] = []
        kinds: list[set[str]] = []
        try:
            for name, info in fields.items():
                if info.serialization_alias not in (None, info.alias):
                    raise Unsupported(f"{cls.__name__}.{name}: a serialization alias")
                annotation = _resolve(cls, info.annotation)
                kinds.append(_accepts(annotation))
                plan.append((info.alias or name, name, self._field(info, annotation)))
        except BaseException:
            del self._built[cls]  # no half-built reader stays behind
            raise
        rebuild = _rebuilder(cls, plan)
        plain = all(k <= _SCALARS and not {"bool", "number"} <= k for k in kinds)
        if cls.model_config.get("frozen") and plain:
            rebuild = _shared(rebuild)  # immutable and made of plain values
        made.append(rebuild)
        self._built[cls] = rebuild
        return rebuild

    def _dataclass(self, cls: type) -> Convert:
        hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
        plan = tuple((f.name, self.converter(hints[f.name])) for f in dataclasses.fields(cls))
        if not all(f.init for f in dataclasses.fields(cls)):
            raise Unsupported(f"{cls.__name__}: a field set after __init__")

        def rebuild(data: Any) -> Any:
            if type(data) is not dict or len(data) != len(plan):
                raise Mismatch(f"{cls.__name__}: not its fields")
            return cls(**{k: data[k] if f is None else f(data[k]) for k, f in plan})

        return rebuild

    def _field(self, info: FieldInfo, annotation: Any) -> Convert | None:
        if info.discriminator is not None:
            return self._discriminated(annotation, info.discriminator)
        if info.metadata:
            return _none_if_same(self._annotated(annotation, info.metadata))
        return self.converter(annotation)

    def _annotated(self, inner: Any, metadata: Collection[Any]) -> Convert:
        tags = [m.discriminator for m in metadata if isinstance(m, FieldInfo) and m.discriminator]
        convert = self._discriminated(inner, tags[0]) if tags else self.converter(inner)
        checks = [
            m.func for m in metadata if isinstance(m, AfterValidator) and m.func in self._checks
        ]
        if not checks:
            return convert or _same
        passed: dict[Any, Any] = {}  # the checks are pure: a value checked once is known

        def checked(value: Any) -> Any:
            out = value if convert is None else convert(value)
            try:
                return passed[out]
            except (KeyError, TypeError):
                pass
            result = out
            for check in checks:
                result = check(result)
            try:
                passed[out] = result
            except TypeError:
                pass
            return result

        return checked

    def _discriminated(self, union: Any, key: Any) -> Convert:
        if not isinstance(key, str):
            raise Unsupported(f"a discriminator that is not a field name: {key!r}")
        members = typing.get_args(union)
        by_tag: dict[Any, Convert] = {}
        for member in members:
            if member is _NONE:
                continue
            if not (isinstance(member, type) and issubclass(member, BaseModel)):
                raise Unsupported(f"a discriminated member that is not a model: {member!r}")
            convert = self.converter(member)
            assert convert is not None
            for tag in typing.get_args(member.__pydantic_fields__[key].annotation):
                by_tag[tag] = convert
        optional = _NONE in members

        def pick(data: Any) -> Any:
            if data is None and optional:
                return None
            try:
                return by_tag[data[key]](data)
            except (KeyError, TypeError):
                raise Mismatch(f"no member of the union for {key} = {data!r:.40}") from None

        return pick

    def _union(self, members: tuple[Any, ...]) -> Convert:
        """A union without a discriminator: the member is told by the JSON kind of the value
        (a dict, a list, a text...); members of one kind must be read alike, be lists, or be
        scalars tried in turn."""
        by_kind: dict[str, list[Any]] = {}
        for member in members:
            for kind in _accepts(member):
                by_kind.setdefault(kind, []).append(member)
        table: dict[str, Convert] = {}
        for kind, candidates in by_kind.items():
            if kind == "array" and len(candidates) > 1:
                elements = tuple(typing.get_args(c)[0] for c in candidates)
                table[kind] = self._list(Union[elements])  # noqa: UP007
            elif kind == "number" and int in candidates:
                table[kind] = _same  # an int stays an int, a float a float (pydantic's choice)
            else:
                convert = [self.converter(c) for c in candidates]
                if len(candidates) == 1 or all(c is None for c in convert):
                    table[kind] = convert[0] or _same
                elif kind in _SCALARS:
                    table[kind] = _first_fit(candidates, convert)
                else:
                    raise Unsupported(f"members of one JSON kind read differently: {members!r}")
        if all(c is _same for c in table.values()):
            return _same
        by_type = {t: table[k] for t, k in _KIND.items() if k in table}

        def pick(value: Any) -> Any:
            convert = by_type.get(type(value))
            if convert is None:
                raise Mismatch(f"no member of the union for {value!r:.40}")
            return convert(value)

        return pick

    def _list(self, element: Any) -> Convert:
        convert = self.converter(element)

        def read(value: Any) -> list[Any]:
            if type(value) is not list:
                raise Mismatch(f"not a list: {value!r:.40}")
            return value if convert is None else [convert(v) for v in value]

        return read

    def _dict(self, key: Any, value: Any) -> Convert:
        if _accepts(key) != {"string"}:
            raise Unsupported(f"dict keys that are not text: {key!r}")
        key_convert = self.converter(key) or _same
        value_convert = self.converter(value) or _same

        def read(data: Any) -> dict[Any, Any]:
            if type(data) is not dict:
                raise Mismatch(f"not a dict: {data!r:.40}")
            if key_convert is _same and value_convert is _same:
                return data
            return {key_convert(k): value_convert(v) for k, v in data.items()}

        return read


def _rebuilder(cls: type[BaseModel], plan: list[tuple[str, str, Convert | None]]) -> Convert:
    """The function that makes an instance of `cls` from its dumped dict, as pydantic's own
    validation leaves it: its fields (all of them set), no extra or private values."""
    names = frozenset(name for _, name, _ in plan)
    size = len(plan)

    def rebuild(data: Any) -> BaseModel:
        if type(data) is not dict or len(data) != size:
            raise Mismatch(f"{cls.__name__}: not its fields")
        values = {}
        for key, name, convert in plan:
            value = data[key]
            values[name] = value if convert is None else convert(value)
        obj = cls.__new__(cls)
        _setattr(obj, "__dict__", values)
        _setattr(obj, "__pydantic_fields_set__", set(names))
        _setattr(obj, "__pydantic_extra__", None)
        _setattr(obj, "__pydantic_private__", None)
        return obj

    return rebuild


def _shared(rebuild: Convert) -> Convert:
    """Equal dicts give one object (for immutable models of plain values: the same source is
    cited thousands of times)."""
    seen: dict[tuple[Any, ...], Any] = {}

    def shared(data: Any) -> Any:
        try:
            return seen[tuple(data.items())]
        except KeyError:
            obj = seen[tuple(data.items())] = rebuild(data)
            return obj
        except (AttributeError, TypeError):
            raise Mismatch(f"not a dict of plain values: {data!r:.40}") from None

    return shared


def _first_fit(candidates: list[Any], convert: list[Convert | None]) -> Convert:
    """Scalars of one JSON kind read differently: a literal equal to the value wins, else the
    first member whose reading (and checks) accept it, as pydantic's smart unions choose."""
    literals = frozenset(
        a for c in candidates if typing.get_origin(c) is Literal for a in typing.get_args(c)
    )
    others = [
        f or _same
        for c, f in zip(candidates, convert, strict=True)
        if typing.get_origin(c) is not Literal
    ]

    def pick(value: Any) -> Any:
        if value in literals:
            return value
        for f in others:
            try:
                return f(value)
            except ValueError:
                continue
        raise Mismatch(f"no member of the union for {value!r:.40}")

    return pick


def _accepts(tp: Any) -> set[str]:
    """The JSON kinds a value of `tp` is dumped as."""
    if tp in (str, date):
        return {"string"}
    if tp is bool:
        return {"bool"}
    if tp in (int, float):
        return {"number"}
    if tp is _NONE:
        return {"null"}
    if tp is Any:
        return set(_KIND.values())
    if isinstance(tp, type) and (issubclass(tp, BaseModel) or dataclasses.is_dataclass(tp)):
        return {"object"}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _accepts(args[0])
    if origin is Literal:
        return {_KIND[type(a)] for a in args}
    if origin in (Union, types.UnionType):
        return set().union(*(_accepts(a) for a in args))
    if origin is list:
        return {"array"}
    if origin is dict:
        return {"object"}
    raise Unsupported(f"cannot read back {tp!r}")


def _resolve(cls: type, annotation: Any) -> Any:
    """A field type that pydantic left as a forward reference (a model whose schema is
    deferred), looked up in its class's module as pydantic itself does."""
    if isinstance(annotation, ForwardRef):
        namespace = vars(sys.modules[cls.__module__])
        return eval(annotation.__forward_arg__, namespace)  # noqa: S307 - the package's own code
    return annotation
