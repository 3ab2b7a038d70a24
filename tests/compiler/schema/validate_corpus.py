#!/usr/bin/env python3
"""The JSON Schema of `vagga _schema` against the corpus, as a generic YAML
tool sees it: tags dropped, each tagged node read as its plain value.

Every valid corpus config must pass; the invalid ones with structural errors
must be rejected, and so must the hand-written cases below. Usage:

    validate_corpus.py VAGGA_BINARY CORPUS_DIR
"""

import json
import pathlib
import subprocess
import sys
import tempfile

try:
    import jsonschema
    import yaml
except ImportError as e:
    sys.exit(f"{e}: install python3-jsonschema and python3-yaml (scripts/setup-deps.sh)")

# Files PyYAML cannot read, because they use the original's non-standard YAML
# (compiler/yaml/lenient.h), by path under the corpus, with the reason. The
# corpus has none today; a new one must be named here, so the set of files
# this test does not read cannot grow silently.
EXPECTED_UNPARSABLE = {}

# Invalid configs whose error is structural: the schema must reject them.
STRUCTURAL_ERRORS = {
    "vagga-tests/badcmd/vagga.yaml": "the command `bad-cmd` has no `run`",
}

# Invalid configs whose error a tag-less JSON Schema cannot see. They must
# still pass (the schema is not stricter than vagga on the rest of them).
OUT_OF_REACH = {
    "vagga-tests/version/vagga.yaml":
        "`minimum-vagga: 9999.0.0` is a version comparison, not a shape; the "
        "unknown step `!UnknownCommand` is a bare tag, so without tags it is "
        "a null list item, as valid as `!UbuntuUniverse`",
    "vagga-tests/mixins_version/mixins.yaml":
        "as vagga-tests/version: a version comparison and an unknown bare tag",
    "vagga-tests/cyclic/vagga.yaml":
        "a container that builds on itself is a reference cycle between "
        "values, not a structural error",
}

# Fragments: not a whole vagga.yaml. Each is validated as the part of one
# that it is (they are also validated in place, through `!*Include`).
FRAGMENTS = {
    "vagga-tests/subconfig/docker-parser.yaml":
        ("a container, `!*Include`d by subconfig/vagga.yaml",
         {"allOf": [{"$ref": "#/definitions/Container"}]}),
    "vagga-tests/subconfig/subdir/docker-subconfigs.yaml":
        ("containers merged into subconfig/vagga.yaml's with `<<: [!*Include ...]`",
         "containers"),
}

# Hand-written cases: (name, YAML text, valid?). The valid ones guard
# against a schema stricter than the decoder.
CASES = [
    ("typo in a container key",
     "containers:\n  app:\n    setup: [!Alpine v3.15]\n    volumse: {}\n", False),
    ("unknown top-level key",
     "contaners:\n  app:\n    setup: []\n", False),
    ("a step where the list of steps belongs",
     "containers:\n  app:\n    setup: !Ubuntu focal\n", False),
    ("`environ` as a list",
     "containers:\n  app:\n    environ: [A=1]\n", False),
    ("`run` as a mapping",
     "commands:\n  x: !Command\n    container: app\n    run: {sh: true}\n", False),
    ("a command that is a list",
     "commands:\n  x: [echo, hi]\n", False),
    ("an enum value that does not exist",
     "commands:\n  x: !Command\n    container: app\n    run: [x]\n    pid1mode: wait-all\n",
     False),
    ("a relative volume mount point",
     "containers:\n  app:\n    volumes:\n      tmp: !Tmpfs {size: 1G}\n", False),
    ("a typo inside a tagged mapping",
     "containers:\n  app:\n    volumes:\n      /tmp: !Tmpfs {size: 1G, mdoe: 0o700}\n", False),
    ("a negative user id",
     "commands:\n  x: !Command\n    container: app\n    run: [x]\n    user-id: -1\n", False),
    ("a bool field given text",
     "containers:\n  app:\n    auto-clean: sometimes\n", False),
    ("an empty `run` list",
     "commands:\n  x: !Command\n    container: app\n    run: []\n", False),
    ("snake_case keys, `_` keys, humannum and enum spellings",
     "_defaults: &d {x: 1}\n"
     "containers:\n  app:\n    auto_clean: true\n    setup:\n    - !UbuntuUniverse\n"
     "    - !Install [git]\n    - !Sh echo\n    - !Tar {url: ./a.tar, path: /opt}\n"
     "    - !Depends Cargo.toml\n"
     "    volumes:\n      /tmp: !Tmpfs {size: 1Gi, mode: 0o1777}\n      /data: !Persistent data\n"
     "      /bin/vagga: !VaggaBin\n"
     "    environ: {PORT: 8080, DEBUG: true, RATIO: 3.10}\n    uids: [0-65535, 100]\n"
     "commands:\n  x: !Command\n    container: app\n    run: echo\n"
     "    pid1mode: wait_all_children\n    work_dir: sub\n    user-id: 1k\n"
     "  s: !Supervise\n    children:\n      a: !Command {container: app, run: [a]}\n"
     "      b: !BridgeCommand {container: app, run: b}\n",
     True),
    ("an empty file", "", True),
]


def strip_tags(node, path, seen, chain):
    """Drops local tags in place, the way a tag-blind YAML tool reads them,
    and replaces each `!*Include FILE` by the file's node."""
    if id(node) in seen:
        return node
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode) and node.tag == "!*Include":
        target = (path.parent / node.value).resolve()
        if target in chain:
            raise ValueError(f"include cycle at {target}")
        return strip_tags(compose(target), target, set(), chain | {target})
    if isinstance(node, yaml.MappingNode):
        node.value = [(strip_tags(k, path, seen, chain), strip_tags(v, path, seen, chain))
                      for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        node.value = [strip_tags(v, path, seen, chain) for v in node.value]
    if node.tag.startswith("!"):
        if isinstance(node, yaml.MappingNode):
            node.tag = "tag:yaml.org,2002:map"
        elif isinstance(node, yaml.SequenceNode):
            node.tag = "tag:yaml.org,2002:seq"
        elif node.style is None:  # plain: typed as if it had no tag
            node.tag = TaglessLoader("").resolve(yaml.ScalarNode, node.value, (True, False))
        else:
            node.tag = "tag:yaml.org,2002:str"
    return node


class TaglessLoader(yaml.SafeLoader):
    """SafeLoader, with mapping keys kept as the text written (JSON keys are
    text, and vagga reads `8080:` as the text `8080`)."""

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)  # `<<` merge keys, as vagga's loader
        out = {}
        for key, value in node.value:
            k = key.value if isinstance(key, yaml.ScalarNode) else self.construct_object(key)
            out[k] = self.construct_object(value, deep=deep)
        return out


# JSON has no dates: a date-like scalar stays text, as in a YAML 1.2 tool.
TaglessLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def compose(path):
    with open(path, encoding="utf-8") as f:
        return yaml.compose(f, Loader=TaglessLoader)


def load(text, path):
    loader = TaglessLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        node = strip_tags(node, path, set(), {path.resolve()})
        return loader.construct_document(node)
    finally:
        loader.dispose()


def first_error(validator, value):
    errors = list(validator.iter_errors(value))
    if not errors:
        return None
    best = jsonschema.exceptions.best_match(errors)
    where = "/".join(str(p) for p in best.absolute_path) or "(root)"
    return f"at {where}: {best.message[:300]}"


def typos_missed(validator, name, value):
    """A valid config with a misspelt key added to its first container and
    its first command must be rejected: the schema is not vacuous there."""
    missed, tried = [], 0
    for section, key in (("containers", "volumse"), ("commands", "contianer")):
        entries = (value or {}).get(section) or {}
        first = next((k for k, v in entries.items() if isinstance(v, dict)), None)
        if first is None:
            continue
        entries[first][key] = {}
        tried += 1
        if first_error(validator, value) is None:
            missed.append(f"{name}: `{key}` in {section}/{first} is accepted")
        del entries[first][key]
    return tried, missed


def cli_failures(vagga):
    """`vagga _schema` needs no project; a wrong option is a usage error."""
    failures = []
    with tempfile.TemporaryDirectory() as empty:
        def run(*args):
            return subprocess.run([vagga, "_schema", *args], cwd=empty, capture_output=True,
                                  text=True)
        tags = run("--custom-tags")
        if tags.returncode != 0 or "!Install sequence" not in json.loads(tags.stdout or "[]"):
            failures.append(f"`_schema --custom-tags` in an empty folder: {tags}")
        bad = run("--bogus")
        if bad.returncode != 122 or "Usage:" not in bad.stderr or bad.stdout:
            failures.append(f"`_schema --bogus` should print its usage and exit 122: {bad}")
        schema = run()
        if schema.returncode != 0:
            failures.append(f"`_schema` in an empty folder: {schema}")
    return failures


def main():
    vagga, corpus = sys.argv[1], pathlib.Path(sys.argv[2])
    out = subprocess.run([vagga, "_schema"], check=True, capture_output=True, text=True).stdout
    schema = json.loads(out)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)

    failures = cli_failures(vagga)
    named = set(EXPECTED_UNPARSABLE) | set(STRUCTURAL_ERRORS) | set(OUT_OF_REACH) | set(FRAGMENTS)
    for name in sorted(named):
        if not (corpus / name).is_file():
            failures.append(f"{name}: named by this test but not in the corpus")

    files = sorted(p for ext in ("*.yaml", "*.yml") for p in corpus.rglob(ext))
    if len(files) < 50:
        failures.append(f"only {len(files)} YAML files under {corpus}: wrong corpus folder?")
    unparsable = {}
    checked = typos = 0
    for path in files:
        name = path.relative_to(corpus).as_posix()
        try:
            value = load(path.read_text(encoding="utf-8"), path)
        except yaml.YAMLError as e:
            unparsable[name] = str(e).splitlines()[0]
            continue
        checked += 1
        v = validator
        if name in FRAGMENTS:
            part = FRAGMENTS[name][1]
            sub = schema["properties"][part] if isinstance(part, str) else part
            v = jsonschema.Draft7Validator(dict(sub, definitions=schema["definitions"]))
        error = first_error(v, value)
        if name in STRUCTURAL_ERRORS:
            if error is None:
                failures.append(f"{name}: accepted, but {STRUCTURAL_ERRORS[name]}")
            else:
                print(f"rejected as expected: {name} {error}")
        elif error is not None:
            failures.append(f"{name}: a valid config is rejected {error}")
        elif name not in FRAGMENTS:
            tried, missed = typos_missed(validator, name, value)
            typos += tried
            failures += missed
    if set(unparsable) != set(EXPECTED_UNPARSABLE):
        failures.append(f"PyYAML cannot read {sorted(unparsable)}; expected exactly "
                        f"{sorted(EXPECTED_UNPARSABLE)}: {unparsable}")

    for title, text, valid in CASES:
        error = first_error(validator, load(text, corpus / "case.yaml"))
        if valid and error is not None:
            failures.append(f"case `{title}`: rejected {error}")
        if not valid and error is None:
            failures.append(f"case `{title}`: accepted")

    print(f"{checked} corpus files, {typos} misspelt keys added to them and {len(CASES)} "
          "cases checked; "
          f"out of reach: {', '.join(sorted(OUT_OF_REACH))}")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
