"""The schemas of models, generated together when the document's components are gathered.

A model (pydantic 2 model, dataclass, ``TypedDict``, msgspec ``Struct``, pydantic 1 model) becomes a
component. Its name is only known once every model of the document is known: pydantic picks a longer,
module-qualified name for two different classes that share a name, and ``__schema_name__`` renames a
component. So the registry hands out placeholder objects (a ``Reference``, rarely a ``Schema``) when it
meets a model, and ``DeferredSchemas.resolve`` generates every model at once (one pydantic call, one
msgspec call, one call per pydantic 1 model) and fills the placeholders in.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Reference, Schema

REF_PREFIX = "#/components/schemas/"
# A decimal number as text: what pydantic and the {x:decimal} path converter accept (no NaN, no infinity).
_DECIMAL_PATTERN = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,9})?$"
_Key = tuple[str, Any, str]  # (kind, the annotation or its id, mode)


@cache
def schema_generator() -> Any:
    """The JSON schema generator of pydantic, giving ``{}`` for a type it cannot describe (not an error)."""
    from pydantic.json_schema import GenerateJsonSchema

    class _Generator(GenerateJsonSchema):
        def handle_invalid_for_json_schema(self, schema: Any, error_info: str) -> Any:
            return {}  # e.g. an arbitrary class in a model: any value, as the document cannot say more

        def decimal_schema(self, schema: Any) -> Any:
            # What a client may send for a Decimal: a number, or a string holding one (pydantic's
            # own schema allows any string, which the validation then refuses). A string cannot
            # carry a range, so a constrained Decimal is documented as a number only.
            generated = super().decimal_schema(schema)
            if self.mode != "validation" or "anyOf" not in generated:
                return generated
            number, text = generated["anyOf"]
            if set(number) != {"type"}:
                return number
            return {"anyOf": [number, {**text, "pattern": _DECIMAL_PATTERN}]}

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
            mode: ``"validation"`` or ``"serialization"`` (msgspec applies ``rename`` both ways: one schema).
            adapter: pydantic's ``TypeAdapter`` of the type (pydantic only).
            reference: Hand out a ``Reference`` (a model) rather than a ``Schema``.
        """
        from openapi_pydantic.v3.v3_1 import Reference, Schema

        try:
            hash(annotation)
            identity: Any = annotation
        except TypeError:
            identity = id(annotation)
        key = (kind, identity, "" if kind == "msgspec" else mode)
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

    def mode_of(self, target: Any) -> str | None:
        """The mode of the placeholder ``target`` handed out by ``add`` (``None``: not one of them)."""
        for pending in self._pending.values():
            if any(item is target for item in pending.targets):
                return pending.mode
        return None

    def resolve(self, *, by_alias: bool = True) -> dict[str, dict[str, Any]]:
        """Generate every pending schema, fill the placeholders in, and give the components by name.

        Args:
            by_alias: Name the properties of models by their aliases in what clients send
                (what the app sends is described as it is sent: by field name unless the model
                serializes by alias).
        """
        table = _Components()
        outputs: dict[int, dict[str, Any]] = {}
        pendings = list(self._pending.values())
        pydantic_items = [p for p in pendings if p.kind == "pydantic"]
        if pydantic_items:
            outputs.update(_pydantic_batch(pydantic_items, by_alias, table))
        msgspec_items = [p for p in pendings if p.kind == "msgspec"]
        if msgspec_items:
            outputs.update(_msgspec_batch(msgspec_items, table))
        for pending in pendings:
            if pending.kind == "v1":
                outputs.update(_v1_schema(pending, by_alias, table))
        components, renames = table.finish()
        for pending in pendings:
            _fill(pending, drop_non_finite(_rewrite(outputs.get(id(pending), {}), renames)), components)
        return components


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


_TOKEN = "~starlite-component-"
_MODE_SUFFIX = {"validation": "-Input", "serialization": "-Output", "": ""}


def _normalize(name: str) -> str:
    # pydantic's spelling of a qualified name in a component name: ``pkg.mod.Model`` -> ``pkg__mod__Model``
    return re.sub(r"[^a-zA-Z0-9.\-_]", "_", name).replace(".", "__")


def class_identity(cls: Any) -> str:
    """The key that names one class, whichever generator describes it (pydantic's core reference)."""
    return f"{getattr(cls, '__module__', '')}.{getattr(cls, '__qualname__', type_name(cls))}:{id(cls)}"


def _class_names(cls: Any, fallback: str) -> tuple[str, str]:
    if not isinstance(cls, type):
        return fallback, fallback
    return _normalize(cls.__name__), _normalize(f"{cls.__module__}.{cls.__qualname__}")


def has_non_finite(value: Any) -> bool:
    """Whether ``value`` is or holds an infinite or NaN float."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(has_non_finite(item) for item in value)
    if isinstance(value, dict):
        return any(has_non_finite(item) for item in value.values())
    return False


def drop_non_finite(value: Any) -> Any:
    """``value`` without defaults and examples that are infinite or NaN (JSON has no such number)."""
    if isinstance(value, list):
        return [drop_non_finite(item) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in ("default", "const") and has_non_finite(item):
            continue
        if key == "examples" and isinstance(item, list):
            item = [example for example in item if not has_non_finite(example)]
            if not item:
                continue
        out[key] = drop_non_finite(item)
    return out


class _Components:
    """Every generator's components, keyed by (class, mode), named once all are known.

    Each generator names components its own way and only avoids clashes among its own. Here every
    component is first given an internal token; ``finish`` then names them all together: a class is
    named after itself unless another class of the document shares that name (then both get their
    module-qualified name, as pydantic spells it); a class whose schemas for what is sent and for what
    is received are equal is one component, otherwise ``-Input`` and ``-Output``.
    """

    def __init__(self) -> None:
        self.tokens: dict[tuple[str, str], str] = {}
        self.schemas: dict[str, dict[str, Any]] = {}
        self.info: dict[str, tuple[str, str, Any]] = {}

    def token(self, identity: str, mode: str, short: str, qualified: str, cls: Any) -> str:
        key = (identity, mode)
        if key not in self.tokens:
            self.tokens[key] = f"{_TOKEN}{len(self.tokens)}"
            self.info.setdefault(identity, (short, qualified, cls))
        return self.tokens[key]

    def add(self, local: dict[str, str], defs: dict[str, Any], generated: dict[int, Any]) -> dict[int, Any]:
        """Add a generator's components (``local``: its names -> tokens); give its outputs with tokens."""
        for name, schema in defs.items():
            if name in local:
                self.schemas.setdefault(local[name], _rewrite(schema, local))
        return {key: _rewrite(value, local) for key, value in generated.items()}

    def _unified(self, modes: dict[str, dict[str, str]]) -> set[str]:
        """The classes whose schemas are equal in every mode (when references to such classes are)."""
        unified = {identity for identity, tokens in modes.items()}
        changed = True
        while changed:
            changed = False
            mapping = {
                token: f"{_TOKEN}{identity}"
                for identity, tokens in modes.items()
                if identity in unified
                for token in tokens.values()
            }
            for identity in sorted(unified):
                tokens = list(modes[identity].values())
                if len(tokens) < 2:
                    continue
                first = _rewrite(self.schemas[tokens[0]], mapping)
                if any(_rewrite(self.schemas[token], mapping) != first for token in tokens[1:]):
                    unified.discard(identity)
                    changed = True
        return unified

    def finish(self) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
        """The components by their final names, and the final name of each token."""
        modes: dict[str, dict[str, str]] = {}
        for (identity, mode), token in self.tokens.items():
            if token in self.schemas:
                modes.setdefault(identity, {})[mode] = token
        shared: dict[str, str] = {}
        for tokens in modes.values():
            if "" in tokens and len(tokens) > 1:
                # A class (an enum, a dataclass) msgspec and pydantic both describe: one component,
                # pydantic's (their spellings differ only in titles).
                shared[tokens.pop("")] = tokens.get("validation", tokens.get("serialization", ""))
        unified = self._unified(modes)
        wanted: dict[str, list[str]] = {}
        for identity in modes:
            short, _, cls = self.info[identity]
            schema_name = getattr(cls, "__schema_name__", None) if isinstance(cls, type) else None
            wanted.setdefault(schema_name if isinstance(schema_name, str) and schema_name else short, [])
            wanted[schema_name if isinstance(schema_name, str) and schema_name else short].append(identity)
        bases: dict[str, str] = {}
        for name, identities in wanted.items():
            if len(identities) == 1:
                bases[identities[0]] = name
                continue
            seen: dict[str, int] = {}
            for identity in identities:  # distinct classes sharing a name: module-qualified
                qualified = self.info[identity][1]
                seen[qualified] = seen.get(qualified, 0) + 1
                bases[identity] = qualified if seen[qualified] == 1 else f"{qualified}__{seen[qualified]}"
        components: dict[str, dict[str, Any]] = {}
        renames: dict[str, str] = {}
        for identity, tokens in modes.items():
            for mode, token in tokens.items():
                name = bases[identity] if identity in unified else bases[identity] + _MODE_SUFFIX[mode]
                if identity in unified and name in components:
                    renames[token] = name
                    continue
                number = 2
                candidate = name
                while candidate in components:
                    candidate, number = f"{name}{number}", number + 1
                renames[token] = candidate
                components[candidate] = self.schemas[token]
        for token, other in shared.items():
            renames[token] = renames[other]
        for name, schema in list(components.items()):
            schema = drop_non_finite(_rewrite(schema, renames))
            cls = self.info[next(i for (i, _), t in self.tokens.items() if renames.get(t) == name)][2]
            own = getattr(cls, "__schema_name__", None) if isinstance(cls, type) else None
            if isinstance(own, str) and schema.get("title") == getattr(cls, "__name__", None):
                schema["title"] = own  # pydantic titled it after the class; the user named it
            components[name] = schema
        return components, renames


def _pydantic_batch(items: list[_Pending], by_alias: bool, table: _Components) -> dict[int, Any]:
    from pydantic import TypeAdapter

    local: dict[Any, str] = {}  # (core reference, mode) -> the name pydantic is told
    classes: dict[str, Any] = {}
    generator = _batch_generator(by_alias, local, classes)
    inputs: list[Any] = [(id(p), p.mode, p.adapter) for p in items]
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
        local.clear()
        try:
            mapping, definitions = TypeAdapter.json_schemas(
                usable, by_alias=by_alias, ref_template=REF_PREFIX + "{model}", schema_generator=generator
            )
        except Exception:  # never seen; still, the document is served, its models as any value
            mapping, definitions = {}, {}
    tokens: dict[str, str] = {}
    for (core_ref, mode), name in local.items():
        core_ref_no_id = "".join(part.rsplit(":", 1)[0] for part in re.split(r"([\][,])", core_ref))
        short = re.sub(r"(?:[^.[\],]+\.)+([^.[\],]+)", r"\1", core_ref_no_id)
        cls = classes.get(core_ref)
        tokens[name] = table.token(core_ref, mode, _normalize(short), _normalize(core_ref_no_id), cls)
    generated = {key: value for (key, _), value in mapping.items() if isinstance(key, int)}
    return table.add(tokens, dict(definitions.get("$defs", {})), generated)


def _batch_generator(by_alias: bool, local: dict[Any, str], classes: dict[str, Any]) -> Any:
    """The pydantic generator of one batch: components get internal names, aliases as each mode needs."""

    class _Batch(schema_generator()):  # type: ignore[misc]
        def get_defs_ref(self, core_mode_ref: Any) -> Any:
            name = local.get(core_mode_ref)
            if name is None:
                name = local[core_mode_ref] = f"c{len(local)}"
            self._prioritized_defsref_choices[name] = [name]
            return name

        def _fields_by(self, schema: Any, method: Any) -> Any:
            if isinstance(schema.get("ref"), str) and "cls" in schema:
                classes[schema["ref"]] = schema["cls"]
            # What is sent is named as the app sends it (``model_dump()``: by field name, unless
            # the model's config serializes by alias); what is received, by OpenAPIConfig.by_alias.
            config = schema.get("config") or {}
            wanted = bool(config.get("serialize_by_alias")) if self.mode == "serialization" else by_alias
            saved: bool = self.by_alias  # type: ignore[has-type]
            self.by_alias = wanted
            try:
                return method(schema)
            finally:
                self.by_alias = saved

        def model_schema(self, schema: Any) -> Any:
            return self._fields_by(schema, super().model_schema)

        def dataclass_schema(self, schema: Any) -> Any:
            return self._fields_by(schema, super().dataclass_schema)

        def typed_dict_schema(self, schema: Any) -> Any:
            return self._fields_by(schema, super().typed_dict_schema)

        def enum_schema(self, schema: Any) -> Any:
            if isinstance(schema.get("ref"), str) and "cls" in schema:
                classes[schema["ref"]] = schema["cls"]
            return super().enum_schema(schema)

    return _Batch


def _msgspec_batch(items: list[_Pending], table: _Components) -> dict[int, Any]:
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
    names = _msgspec_names([p.annotation for p in usable])
    tokens: dict[str, str] = {}
    for name in defs:
        cls = names.get(name)
        identity = class_identity(cls) if isinstance(cls, type) else f"msgspec:{name}"
        tokens[name] = table.token(identity, "", *_class_names(cls, name), cls)
    return table.add(tokens, defs, generated)


def _msgspec_names(types: list[Any]) -> dict[str, Any]:
    """The class behind each component name msgspec gives (its own naming, read from msgspec)."""
    try:
        import msgspec.inspect
        from msgspec import _json_schema

        found = _json_schema._collect_component_types(msgspec.inspect.multi_type_info(types))
        return {name: cls for cls, name in _json_schema._build_name_map(found).items()}
    except Exception:  # another msgspec: each component is then told apart by its name only
        return {}


def _v1_schema(pending: _Pending, by_alias: bool, table: _Components) -> dict[int, Any]:
    model = pending.annotation
    # pydantic 1 models are sent as ``.dict()`` gives them: by field name.
    aliases = by_alias and pending.mode != "serialization"
    try:
        from pydantic.v1.schema import get_flat_models_from_model, get_model_name_map

        names = {name: cls for cls, name in get_model_name_map(get_flat_models_from_model(model)).items()}
        schema = dict(model.schema(by_alias=aliases, ref_template=REF_PREFIX + "{model}"))
    except Exception:
        name = type_name(model)
        token = table.token(class_identity(model), pending.mode, *_class_names(model, name), model)
        return table.add({name: token}, {name: {}}, {id(pending): {"$ref": REF_PREFIX + name}})
    own = next((name for name, cls in names.items() if cls is model), type_name(model))
    defs = dict(schema.pop("definitions", {}))
    if set(schema) != {"$ref"}:  # a recursive model's schema is a reference into its own definitions
        defs[own] = schema
    tokens: dict[str, str] = {}
    for name in defs:
        cls = names.get(name)
        identity = class_identity(cls) if cls is not None else f"v1:{name}"
        tokens[name] = table.token(identity, pending.mode, *_class_names(cls, name), cls)
    return table.add(tokens, defs, {id(pending): {"$ref": REF_PREFIX + own}})
