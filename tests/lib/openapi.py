"""The API's contract (schema/openapi.json) as far as the Python standard
library allows: a structural check of the OpenAPI 3.1 document, and a check
of an answer against it (status, media type, required headers, the JSON
body against its schema).  The JSON Schema part knows the keywords the
document uses (a subset of 2020-12) and refuses a document that uses any
other, so nothing in it is skipped silently.  Used by t_api.py,
t_api_contract.py and t_api_mtls.py."""
import json
import re

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_KEYWORDS = {
    # applied by validate()
    "$ref", "type", "enum", "const", "properties", "required", "additionalProperties",
    "items", "minItems", "maxItems", "minimum", "maximum", "pattern", "minLength",
    "maxLength", "oneOf", "anyOf", "allOf",
    # annotations: nothing to check
    "description", "default", "format", "contentMediaType", "title", "examples",
}
TYPES = {"object", "array", "string", "integer", "number", "boolean", "null"}


def _short(v):
    r = repr(v)
    return r if len(r) <= 80 else r[:77] + "..."


def _type_ok(v, t):
    return {"object": isinstance(v, dict),
            "array": isinstance(v, list),
            "string": isinstance(v, str),
            "integer": isinstance(v, int) and not isinstance(v, bool),
            "number": isinstance(v, (int, float)) and not isinstance(v, bool),
            "boolean": isinstance(v, bool),
            "null": v is None}[t]


class Contract:
    def __init__(self, doc):
        self.doc = doc

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    # --- references -------------------------------------------------
    def ref(self, r):
        if not r.startswith("#/"):
            raise KeyError("not a local reference: " + r)
        node = self.doc
        for part in r[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[part]
        return node

    def deref(self, node):
        seen = 0
        while isinstance(node, dict) and "$ref" in node and len(node) == 1:
            node = self.ref(node["$ref"])
            seen += 1
            if seen > 20:
                raise KeyError("reference loop")
        return node

    # --- JSON Schema (the subset above) --------------------------------
    def validate(self, v, schema, where="$"):
        """Problems of value v against schema, as strings."""
        out = []
        if schema is True or schema == {}:
            return out
        if schema is False:
            return [where + ": no value allowed"]
        if "$ref" in schema:
            out += self.validate(v, self.ref(schema["$ref"]), where)
        if "type" in schema:
            ts = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(_type_ok(v, t) for t in ts):
                return out + ["%s: %s is not of type %s" % (where, _short(v), "/".join(ts))]
        if "const" in schema and v != schema["const"]:
            out.append("%s: %s is not %r" % (where, _short(v), schema["const"]))
        if "enum" in schema and v not in schema["enum"]:
            out.append("%s: %s is not one of %r" % (where, _short(v), schema["enum"]))
        if isinstance(v, str):
            if "pattern" in schema and not re.search(schema["pattern"], v):
                out.append("%s: %s does not match %s" % (where, _short(v), schema["pattern"]))
            if "maxLength" in schema and len(v) > schema["maxLength"]:
                out.append("%s: longer than %d" % (where, schema["maxLength"]))
            if "minLength" in schema and len(v) < schema["minLength"]:
                out.append("%s: shorter than %d" % (where, schema["minLength"]))
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if "minimum" in schema and v < schema["minimum"]:
                out.append("%s: %r < %r" % (where, v, schema["minimum"]))
            if "maximum" in schema and v > schema["maximum"]:
                out.append("%s: %r > %r" % (where, v, schema["maximum"]))
        if isinstance(v, dict):
            props = schema.get("properties", {})
            for k in schema.get("required", []):
                if k not in v:
                    out.append("%s: required member %r missing" % (where, k))
            for k, x in v.items():
                if k in props:
                    out += self.validate(x, props[k], "%s.%s" % (where, k))
                elif schema.get("additionalProperties") is False:
                    out.append("%s: member %r not in the contract" % (where, k))
                elif isinstance(schema.get("additionalProperties"), dict):
                    out += self.validate(x, schema["additionalProperties"], "%s.%s" % (where, k))
        if isinstance(v, list):
            if "maxItems" in schema and len(v) > schema["maxItems"]:
                out.append("%s: more than %d items" % (where, schema["maxItems"]))
            if "minItems" in schema and len(v) < schema["minItems"]:
                out.append("%s: fewer than %d items" % (where, schema["minItems"]))
            if "items" in schema:
                for i, x in enumerate(v):
                    out += self.validate(x, schema["items"], "%s[%d]" % (where, i))
        for s in schema.get("allOf", []):
            out += self.validate(v, s, where)
        if "anyOf" in schema and not any(not self.validate(v, s, where) for s in schema["anyOf"]):
            out.append("%s: matches none of anyOf" % where)
        if "oneOf" in schema:
            n = sum(1 for s in schema["oneOf"] if not self.validate(v, s, where))
            if n != 1:
                out.append("%s: matches %d of oneOf, not 1" % (where, n))
        return out

    # --- the document -----------------------------------------------
    def structure(self):
        """Problems of the document as an OpenAPI 3.1 document."""
        d, out = self.doc, []
        allowed = {"openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks",
                   "components", "security", "tags", "externalDocs"}
        out += ["unknown top-level member %r" % k for k in d if k not in allowed]
        if not re.fullmatch(r"3\.1\.\d+", str(d.get("openapi", ""))):
            out.append("openapi is not 3.1.x")
        info = d.get("info", {})
        if not isinstance(info.get("title"), str) or not isinstance(info.get("version"), str):
            out.append("info needs title and version (strings)")
        if "paths" not in d and "webhooks" not in d and "components" not in d:
            out.append("one of paths, webhooks, components is required")
        for s in d.get("servers", []):
            if not isinstance(s.get("url"), str):
                out.append("a server without url")
        # every $ref resolves
        def walk(node, where):
            if isinstance(node, dict):
                for k, x in node.items():
                    if k == "$ref" and isinstance(x, str):
                        try:
                            self.ref(x)
                        except (KeyError, TypeError):
                            out.append("%s: $ref %s does not resolve" % (where, x))
                    else:
                        walk(x, where + "/" + k)
            elif isinstance(node, list):
                for i, x in enumerate(node):
                    walk(x, "%s/%d" % (where, i))
        walk(d, "#")
        # schemas use only the keywords we check
        def schema_walk(s, where):
            if isinstance(s, bool):
                return
            if not isinstance(s, dict):
                out.append("%s: a schema is an object or a boolean" % where)
                return
            for k in s:
                if k not in SCHEMA_KEYWORDS:
                    out.append("%s: schema keyword %r unknown to this check" % (where, k))
            ts = s.get("type")
            for t in (ts if isinstance(ts, list) else [ts] if ts else []):
                if t not in TYPES:
                    out.append("%s: unknown type %r" % (where, t))
            for k, x in s.get("properties", {}).items():
                schema_walk(x, where + "/properties/" + k)
            for k in ("items", "additionalProperties"):
                if isinstance(s.get(k), dict):
                    schema_walk(s[k], where + "/" + k)
            for k in ("oneOf", "anyOf", "allOf"):
                for i, x in enumerate(s.get(k, [])):
                    schema_walk(x, "%s/%s/%d" % (where, k, i))
            for r in s.get("required", []):
                if "properties" in s and r not in s["properties"]:
                    out.append("%s: required %r is not a property" % (where, r))
            if "pattern" in s:
                try:
                    re.compile(s["pattern"])
                except re.error as e:
                    out.append("%s: pattern does not compile: %s" % (where, e))
        comps = d.get("components", {})
        for name, s in comps.get("schemas", {}).items():
            schema_walk(s, "#/components/schemas/" + name)
        schemes = comps.get("securitySchemes", {})
        for name, s in schemes.items():
            t = s.get("type")
            if t not in ("apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"):
                out.append("securityScheme %s: unknown type %r" % (name, t))
            if t == "http" and not s.get("scheme"):
                out.append("securityScheme %s: http needs scheme" % name)
            if t == "oauth2":
                flows = s.get("flows", {})
                if not flows:
                    out.append("securityScheme %s: oauth2 needs flows" % name)
                for fname, f in flows.items():
                    if fname in ("clientCredentials", "password", "authorizationCode") and \
                            not f.get("tokenUrl"):
                        out.append("securityScheme %s: %s needs tokenUrl" % (name, fname))
                    if not isinstance(f.get("scopes"), dict):
                        out.append("securityScheme %s: %s needs scopes" % (name, fname))

        def security(reqs, where):
            for req in reqs:
                for name, scopes in req.items():
                    s = schemes.get(name)
                    if s is None:
                        out.append("%s: security scheme %r not declared" % (where, name))
                        continue
                    if s.get("type") == "oauth2":
                        declared = set()
                        for f in s.get("flows", {}).values():
                            declared |= set(f.get("scopes", {}))
                        out.extend("%s: scope %r not declared by %s" % (where, x, name)
                                   for x in scopes if x not in declared)
                    elif scopes and s.get("type") not in ("openIdConnect",):
                        out.append("%s: %s takes no scopes" % (where, name))
        security(d.get("security", []), "#/security")
        opids = set()
        for path, item in d.get("paths", {}).items():
            if not path.startswith("/"):
                out.append("path %r does not start with /" % path)
            names = re.findall(r"\{([^}]+)\}", path)
            for k in item:
                if k not in METHODS + ("summary", "description", "servers", "parameters", "$ref"):
                    out.append("%s: unknown member %r" % (path, k))
            for m in METHODS:
                op = item.get(m)
                if op is None:
                    continue
                where = "%s %s" % (m.upper(), path)
                if "operationId" in op:
                    if op["operationId"] in opids:
                        out.append("%s: operationId %s not unique" % (where, op["operationId"]))
                    opids.add(op["operationId"])
                params = [self.deref(p) for p in item.get("parameters", []) + op.get("parameters", [])]
                for p in params:
                    if p.get("in") not in ("query", "header", "path", "cookie") or not p.get("name"):
                        out.append("%s: a parameter needs name and in" % where)
                    if "schema" not in p and "content" not in p:
                        out.append("%s: parameter %s needs a schema" % (where, p.get("name")))
                    if p.get("in") == "path" and (p.get("name") not in names or not p.get("required")):
                        out.append("%s: path parameter %s not in the path or not required"
                                   % (where, p.get("name")))
                inpath = {p.get("name") for p in params if p.get("in") == "path"}
                out += ["%s: {%s} has no path parameter" % (where, n) for n in names if n not in inpath]
                security(op.get("security", []), where)
                rb = op.get("requestBody")
                if rb is not None and not self.deref(rb).get("content"):
                    out.append("%s: requestBody needs content" % where)
                resps = op.get("responses")
                if not resps:
                    out.append("%s: no responses" % where)
                    continue
                for code, resp in resps.items():
                    if not re.fullmatch(r"default|[1-5](\d\d|XX)", code):
                        out.append("%s: response code %r" % (where, code))
                    r = self.deref(resp)
                    if not isinstance(r.get("description"), str):
                        out.append("%s %s: a response needs a description" % (where, code))
                    for mt, media in r.get("content", {}).items():
                        if not re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", mt):
                            out.append("%s %s: media type %r" % (where, code, mt))
                        if "schema" in media:
                            schema_walk(media["schema"], "%s %s %s" % (where, code, mt))
                    for h, hdr in r.get("headers", {}).items():
                        hdr = self.deref(hdr)
                        if "schema" not in hdr and "content" not in hdr:
                            out.append("%s %s: header %s needs a schema" % (where, code, h))
        # paths that differ only in their parameter names are one path
        norm = [re.sub(r"\{[^}]+\}", "{}", p) for p in d.get("paths", {})]
        if len(norm) != len(set(norm)):
            out.append("two paths differ only in parameter names")
        return out

    # --- an answer ------------------------------------------------------
    def operation(self, method, path):
        """(template, operation) for a request path under the server URL."""
        base = self.doc.get("servers", [{"url": ""}])[0]["url"].rstrip("/")
        if not path.startswith(base + "/"):
            return None, None
        rel = path[len(base):].split("?")[0]
        # The most literal template first: /dossiers/{id}.xml before
        # /dossiers/{id} (which would match "1.xml" too).
        for tmpl in sorted(self.doc.get("paths", {}),
                           key=lambda t: -len(re.sub(r"\{[^}]+\}", "", t))):
            rx = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(tmpl)) + "$"
            if re.match(rx, rel):
                item = self.doc["paths"][tmpl]
                return tmpl, item.get(method.lower())
        return None, None

    def check(self, method, path, status, headers, body):
        """Problems of an answer against the contract."""
        tmpl, op = self.operation(method, path)
        if op is None:
            # Not an operation of the contract: a path it does not have
            # (404) or a method the path does not take (405), answered as
            # the contract's problem details.
            want = 405 if tmpl else 404
            hmap = {k.lower(): v for k, v in headers}
            out = [] if status == want else ["%s %s: %d, not %d" % (method, path, status, want)]
            if (hmap.get("content-type") or "").split(";")[0] != "application/problem+json":
                out.append("%s %s: not problem details" % (method, path))
            elif method.upper() != "HEAD":
                out += ["%s %s %d: %s" % (method, path, status, p) for p in
                        self.validate(json.loads(body), {"$ref": "#/components/schemas/Problem"})]
            if want == 405 and not hmap.get("allow"):
                out.append("%s %s: 405 without Allow" % (method, path))
            return out
        resps = op["responses"]
        code = str(status)
        resp = resps.get(code) or resps.get(code[0] + "XX") or resps.get("default")
        if resp is None:
            return ["%s %s: status %d not in the contract" % (method, tmpl, status)]
        resp = self.deref(resp)
        out = []
        hmap = {k.lower(): v for k, v in headers}
        for name, h in resp.get("headers", {}).items():
            h = self.deref(h)
            val = hmap.get(name.lower())
            if val is None:
                if h.get("required"):
                    out.append("%s %s %d: header %s missing" % (method, tmpl, status, name))
                continue
            out += ["%s %s %d: header %s: %s" % (method, tmpl, status, name, p)
                    for p in self.validate(val, h.get("schema", {}), name)]
        content = resp.get("content")
        ctype = (hmap.get("content-type") or "").split(";")[0].strip()
        if not content:
            if body:
                out.append("%s %s %d: a body where the contract has none" % (method, tmpl, status))
            return out
        if method.upper() == "HEAD":
            return out
        if ctype not in content:
            return out + ["%s %s %d: Content-Type %r not in %s" % (method, tmpl, status, ctype,
                                                                  sorted(content))]
        schema = content[ctype].get("schema")
        if ctype.endswith("json") and schema is not None:
            try:
                v = json.loads(body)
            except ValueError as e:
                return out + ["%s %s %d: not JSON: %s" % (method, tmpl, status, e)]
            out += ["%s %s %d: %s" % (method, tmpl, status, p) for p in self.validate(v, schema)]
        return out
