"""Validate HSDS JSON files against Open Referral's published schemas.

usage: validate.py SCHEMA_DIR FILE...

Each FILE holds one service, an array of services, or an HSDS API page
({"total_items": ..., "contents": [services]}). Every service is
validated with the jsonschema package (JSON Schema 2020-12, which HSDS
3.0 uses) against service.json in SCHEMA_DIR, whose references
(organization.json, service_area.json, ...) are loaded from SCHEMA_DIR
by file name, with formats (uuid, email, uri, date-time) checked. A page
is checked against the Page schema of HSDS's openapi.json.

Prints one line per error and exits 1 if any; prints the number of
services checked and exits 0 otherwise.
"""

import json
import pathlib
import sys

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

# components/schemas/Page of schema/openapi.json (HSDS 3.0 API reference).
PAGE = {
    "type": "object",
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array"},
    },
}


def main(schema_dir, files):
    schema_dir = pathlib.Path(schema_dir)

    def retrieve(uri):
        path = schema_dir / uri.rsplit("/", 1)[-1]
        if not path.is_file():
            raise NoSuchResource(ref=uri)
        contents = json.loads(path.read_text(encoding="utf-8"))
        return Resource.from_contents(contents, default_specification=DRAFT202012)

    registry = Registry(retrieve=retrieve)
    checker = FormatChecker()
    for fmt in ("uuid", "email", "uri", "date-time"):
        if fmt not in checker.checkers:
            sys.exit(f"validate.py: jsonschema cannot check the format {fmt}; install jsonschema[format-nongpl]")
    service = Draft202012Validator({"$ref": BASE + "service.json"}, registry=registry, format_checker=checker)
    page = Draft202012Validator(PAGE)
    errors, services = 0, 0
    for name in files:
        with open(name, encoding="utf-8") as f:
            doc = json.load(f)
        if isinstance(doc, dict) and "contents" in doc:
            for e in page.iter_errors(doc):
                print(f"{name}: page: {e.json_path}: {e.message}")
                errors += 1
            items = doc["contents"]
        elif isinstance(doc, list):
            items = doc
        else:
            items = [doc]
        for i, item in enumerate(items):
            services += 1
            for e in sorted(service.iter_errors(item), key=lambda e: e.json_path):
                print(f"{name}: service {i}: {e.json_path}: {e.message}")
                errors += 1
    if errors:
        sys.exit(1)
    print(f"{services} services valid")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
