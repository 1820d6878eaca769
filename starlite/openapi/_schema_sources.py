"""The schemas of models, generated together when the document's components are gathered.

A model (pydantic 2 model, dataclass, ``TypedDict``, msgspec ``Struct``, pydantic 1 model) becomes a
component. Its name is only known once every model of the document is known: pydantic picks a longer,
module-qualified name for two different classes that share a name, and ``__schema_name__`` renames a
component. So the registry hands out placeholder objects (a ``Reference``, rarely a ``Schema``) when it
meets a model, and ``DeferredSchemas.resolve`` generates every model at once (one pydantic call, one
msgspec call, one call per pydantic 1 model) and fills the placeholders in.
"""

from __future__ import annotations

import dataclasses
import typing
from functools import cache
from typing import TYPE_CHECKING, Any

from starlite.utils.predicates import is_typed_dict

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Reference, Schema

REF_PREFIX = "#/components/schemas/"
_Key = tuple[str, Any, str]  # (kind, the annotation or its id, mode)


@cache
def schema_generator() -> Any:
    """The JSON schema generator of pydantic, giving ``{}`` for a type it cannot describe (not an error)."""
    from pydantic.json_schema import GenerateJsonSchema

    class _Generator(GenerateJsonSchema):
        def handle_invalid_for_json_schema(self, schema: Any, error_info: str) -> Any:
            return {}  # e.g. an arbitrary class in a model: any value, as the document cannot say more

        def emit_warning(self, kind: Any, detail: str) -> None:
            # A default with no JSON form is left out of the document: nothing for the server's log
            # (and under warnings-as-errors the model would lose its whole schema).
            return None

    return _Generator


def type_name(annotation: Any) -> str:
    """A component name for ``annotation`` when no generator gave one."""
    name = getattr(annotation, "__schema_name__", None) or getattr(annotation, "__name__", None)
    return str(name or "Model").replace("[", "_").replace("]", "_").replace(",", "_").replace(" ", "")


def _rewrite(value: Any, renames: dict[str, str]) -> Any:
    """``value`` with its ``$ref``s to renamed components pointing at the new names."""
    if not renames:
        return value
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str) and item.startswith(REF_PREFIX):
                name = item[len(REF_PREFIX) :]
                item = REF_PREFIX + renames.get(name, name)
            out[key] = _rewrite(item, renames)
        return out
    if isinstance(value, list):
        return [_rewrite(item, renames) for item in value]
    return value


class _Pending:
    __slots__ = ("kind", "annotation", "mode", "adapter", "targets", "schema_name")

    def __init__(self, kind: str, annotation: Any, mode: str, adapter: Any) -> None:
        self.kind, self.annotation, self.mode, self.adapter = kind, annotation, mode, adapter
        self.targets: list[Reference | Schema] = []
        self.schema_name: str | None = None


class DeferredSchemas:
    """The models met so far in one document, and the placeholders handed out for them."""

    def __init__(self) -> None:
        self._pending: dict[_Key, _Pending] = {}

    def add(
        self, kind: str, annotation: Any, mode: str, adapter: Any = None, *, reference: bool = True
    ) -> Any:
        """A new placeholder for the schema of ``annotation``, filled in by ``resolve``.

        Args:
            kind: ``"pydantic"``, ``"msgspec"`` or ``"v1"``: the generator that describes it.
            annotation: The type.
            mode: ``"validation"`` or ``"serialization"`` (pydantic only: msgspec and pydantic 1 have one).
            adapter: pydantic's ``TypeAdapter`` of the type (pydantic only).
            reference: Hand out a ``Reference`` (a model) rather than a ``Schema``.
        """
        from openapi_pydantic.v3.v3_1 import Reference, Schema

        try:
            hash(annotation)
            identity: Any = annotation
        except TypeError:
            identity = id(annotation)
        key = (kind, identity, mode if kind == "pydantic" else "")
        pending = self._pending.get(key)
        if pending is None:
            pending = self._pending[key] = _Pending(kind, annotation, mode, adapter)
        target: Reference | Schema
        if reference:
            target = Reference.model_validate({"$ref": REF_PREFIX + type_name(annotation)})
        else:
            target = Schema()
        pending.targets.append(target)
        return target

    def resolve(self, *, by_alias: bool = True) -> dict[str, dict[str, Any]]:
        """Generate every pending schema, fill the placeholders in, and give the components by name.

        Args:
            by_alias: Name the properties of pydantic models by their aliases.
        """
        components: dict[str, dict[str, Any]] = {}
        outputs: dict[int, dict[str, Any]] = {}
        pendings = list(self._pending.values())
        pydantic_items = [p for p in pendings if p.kind == "pydantic"]
        if pydantic_items:
            generated, defs = _pydantic_batch(pydantic_items, by_alias)
            components.update(defs)
            outputs.update(generated)
        msgspec_items = [p for p in pendings if p.kind == "msgspec"]
        if msgspec_items:
            generated, defs = _msgspec_batch(msgspec_items)
            outputs.update(_merge_group(components, defs, generated))
        for pending in pendings:
            if pending.kind == "v1":
                generated, defs = _v1_schema(pending, by_alias)
                outputs.update(_merge_group(components, defs, generated))
        for pending in pendings:
            _fill(pending, outputs.get(id(pending), {}), components)
        return components


def _merge_group(
    components: dict[str, dict[str, Any]], defs: dict[str, dict[str, Any]], generated: dict[int, Any]
) -> dict[int, Any]:
    """Add the components of another generator, renaming those whose name is taken by another schema."""
    renames: dict[str, str] = {}
    for name in sorted(defs):
        if name in components and components[name] != defs[name]:
            number = 2
            while f"{name}{number}" in components or f"{name}{number}" in defs:
                number += 1
            renames[name] = f"{name}{number}"
    for name, schema in defs.items():
        components[renames.get(name, name)] = _rewrite(schema, renames)
    return {key: _rewrite(value, renames) for key, value in generated.items()}


def _fill(pending: _Pending, output: dict[str, Any], components: dict[str, dict[str, Any]]) -> None:
    from openapi_pydantic.v3.v3_1 import Reference, Schema

    for target in pending.targets:
        if isinstance(target, Reference):
            ref = output.get("$ref") if len(output) == 1 else None
            if not isinstance(ref, str):
                # Not a plain reference (a type no generator could describe): a component of its own.
                name = type_name(pending.annotation)
                number = 2
                base = name
                while name in components and components[name] != output:
                    name, number = f"{base}{number}", number + 1
                components[name] = output
                ref = REF_PREFIX + name
            target.ref = ref
        else:
            filled = Schema.model_validate(output)
            # The placeholder may already sit inside an operation: it is completed in place.
            target.__dict__.update(filled.__dict__)
            object.__setattr__(target, "__pydantic_fields_set__", set(filled.model_fields_set))
            object.__setattr__(target, "__pydantic_extra__", dict(filled.__pydantic_extra__ or {}))


def _pydantic_batch(items: list[_Pending], by_alias: bool) -> tuple[dict[int, Any], dict[str, Any]]:
    from pydantic import TypeAdapter

    generator = schema_generator()
    inputs: list[Any] = [(id(p), p.mode, p.adapter) for p in items]
    extra = _schema_named_classes(items)
    inputs += [(("named", cls, mode), mode, adapter) for cls, mode, adapter in extra]
    try:
        mapping, definitions = TypeAdapter.json_schemas(
            inputs, by_alias=by_alias, ref_template=REF_PREFIX + "{model}", schema_generator=generator
        )
    except Exception:
        # One input pydantic cannot describe at all: leave it out (it gets ``{}``), keep the others.
        usable: list[Any] = []
        for item in inputs:
            try:
                item[2].json_schema(mode=item[1], by_alias=by_alias, schema_generator=generator)
            except Exception:
                continue
            usable.append(item)
        try:
            mapping, definitions = TypeAdapter.json_schemas(
                usable, by_alias=by_alias, ref_template=REF_PREFIX + "{model}", schema_generator=generator
            )
        except Exception:  # never seen; still, the document is served, its models as any value
            mapping, definitions = {}, {}
    defs: dict[str, Any] = dict(definitions.get("$defs", {}))
    renames = _schema_name_renames(mapping, items, extra, defs)
    defs = {renames.get(name, name): _rewrite(schema, renames) for name, schema in defs.items()}
    for current, new in renames.items():
        if defs[new].get("title") == current.removesuffix("-Input").removesuffix("-Output"):
            # pydantic titled it after the class; the user named it
            defs[new]["title"] = new.removesuffix("-Input").removesuffix("-Output")
    generated = {key: _rewrite(value, renames) for (key, _), value in mapping.items() if isinstance(key, int)}
    return generated, defs


def _schema_name_renames(
    mapping: dict[Any, Any], items: list[_Pending], extra: list[tuple[type, str, Any]], defs: dict[str, Any]
) -> dict[str, str]:
    """``__schema_name__`` on a class renames its component (keeping pydantic's -Input / -Output)."""
    wanted: dict[str, str] = {}
    keyed = [(id(p), p.mode, p.annotation) for p in items] + [(("named", c, m), m, c) for c, m, _ in extra]
    for key, mode, cls in keyed:
        schema_name = getattr(cls, "__schema_name__", None) if isinstance(cls, type) else None
        output = mapping.get((key, mode))
        if not isinstance(schema_name, str) or not output or set(output) != {"$ref"}:
            continue
        current = output["$ref"][len(REF_PREFIX) :]
        suffix = next((end for end in ("-Input", "-Output") if current.endswith(end)), "")
        wanted[current] = schema_name + suffix
    taken = set(defs) - set(wanted)
    renames: dict[str, str] = {}
    for current, new in sorted(wanted.items()):
        if new not in taken:  # a name another component already has: keep pydantic's
            renames[current] = new
            taken.add(new)
    return renames


def _schema_named_classes(items: list[_Pending]) -> list[tuple[type, str, Any]]:
    """Models nested in the pending ones that set ``__schema_name__`` (to learn their component's name)."""
    from pydantic import BaseModel, TypeAdapter

    found: list[tuple[type, str, Any]] = []
    seen: set[int] = set()

    def visit(annotation: Any, mode: str, top: bool) -> None:
        for arg in typing.get_args(annotation):
            visit(arg, mode, False)
        if not isinstance(annotation, type) or id(annotation) in seen:
            return
        seen.add(id(annotation))
        if isinstance(getattr(annotation, "__schema_name__", None), str) and not top:
            try:
                found.append((annotation, mode, TypeAdapter(annotation)))
            except Exception:
                pass
        hints: dict[str, Any] = {}
        if issubclass(annotation, BaseModel):
            hints = {name: field.annotation for name, field in annotation.model_fields.items()}
        elif dataclasses.is_dataclass(annotation) or is_typed_dict(annotation):
            try:
                hints = typing.get_type_hints(annotation)
            except Exception:
                hints = {}
        for hint in hints.values():
            visit(hint, mode, False)

    for pending in items:
        visit(pending.annotation, pending.mode, True)
    return found


def _msgspec_batch(items: list[_Pending]) -> tuple[dict[int, Any], dict[str, Any]]:
    import msgspec

    template = REF_PREFIX + "{name}"
    usable = []
    generated: dict[int, Any] = {}
    for pending in items:
        try:
            msgspec.json.schema(pending.annotation)
        except Exception:
            generated[id(pending)] = {}  # msgspec cannot describe it: any value
            continue
        usable.append(pending)
    defs: dict[str, Any] = {}
    if usable:
        try:
            schemas, defs = msgspec.json.schema_components(
                [p.annotation for p in usable], ref_template=template
            )
        except Exception:  # each alone could be described, not all together: any value
            schemas, defs = tuple({} for _ in usable), {}
        generated.update({id(p): schema for p, schema in zip(usable, schemas, strict=True)})
    return generated, defs


def _v1_schema(pending: _Pending, by_alias: bool) -> tuple[dict[int, Any], dict[str, Any]]:
    model = pending.annotation
    name = type_name(model)
    try:
        schema = dict(model.schema(by_alias=by_alias, ref_template=REF_PREFIX + "{model}"))
    except Exception:
        return {id(pending): {"$ref": REF_PREFIX + name}}, {name: {}}
    defs = dict(schema.pop("definitions", {}))
    defs[name] = schema
    return {id(pending): {"$ref": REF_PREFIX + name}}, defs
