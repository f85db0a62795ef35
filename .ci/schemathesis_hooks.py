"""Rules of the hireboard API that JSON Schema cannot state, taught to schemathesis.

Each rule is also stated in words in the OpenAPI document. Only generated data that breaks one
of them is dropped, in every mode: a negative case that breaks one is refused for that reason
as well as for its own, so it would prove nothing about the one the generator meant to break.
Everything else the document allows must be accepted, and everything it forbids refused.
"""

import re
import uuid
from datetime import date, timedelta

import schemathesis
from zxcvbn import zxcvbn

# The server's today may be a day off the runner's around midnight (it uses UTC).
MAX_VALIDITY_DAYS = 180


def _ordered(pair, low, high):
    """`pair[low] <= pair[high]` when both are numbers (a wrong type is another rule's)."""
    if not isinstance(pair, dict):
        return True
    a, b = pair.get(low), pair.get(high)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a <= b
    return True


def _valid_through_in_range(value):
    """Not in the past, at most 180 days ahead (a day of margin at both ends)."""
    if not isinstance(value, str):
        return True
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return True
    today = date.today()
    return today + timedelta(days=1) <= day <= today + timedelta(days=MAX_VALIDITY_DAYS - 1)


def _screening_questions_consistent(questions):
    """Ids unique after trimming; number ranges ordered; choice options distinct after trimming."""
    if not isinstance(questions, list):
        return True
    ids = [q["id"].strip() for q in questions if isinstance(q, dict) and isinstance(q.get("id"), str)]
    if len(ids) != len(set(ids)):
        return False
    for question in questions:
        answer = question.get("answer") if isinstance(question, dict) else None
        if not isinstance(answer, dict):
            continue
        if answer.get("type") == "number" and not _ordered(answer, "min", "max"):
            return False
        options = answer.get("options")
        if answer.get("type") == "single_choice" and isinstance(options, list):
            trimmed = [o.strip() for o in options if isinstance(o, str)]
            if len(trimmed) != len(set(trimmed)):
                return False
    return True


def _posting_consistent(body, patch):
    return (
        _ordered(body.get("experience"), "min_years", "max_years")
        and _ordered(body.get("salary"), "min", "max")
        and _valid_through_in_range(body.get("valid_through"))
        and _screening_questions_consistent(body.get("screening_questions"))
        # A patch's format applies to the description it brings.
        and not (patch and "description_format" in body and "description" not in body)
    )


def _strong_password(body):
    """The server refuses passwords zxcvbn scores below 2; asking for 3 here leaves a margin
    for the Python and Rust ports of zxcvbn scoring a password a step apart."""
    password = body.get("password")
    if not isinstance(password, str) or not 8 <= len(password) <= 128:
        return True
    context = [v for v in (body.get("email"), body.get("display_name")) if isinstance(v, str)]
    # The Python port scores at most 72 characters; more can only make a password stronger.
    return zxcvbn(password[:72], user_inputs=[*context, "hireboard"])["score"] >= 3


def _body_consistent(label, body):
    if not isinstance(body, dict):
        return True
    if label == "POST /api/v1/jobs":
        return _posting_consistent(body, patch=False)
    if label == "PATCH /api/v1/jobs/{code}":
        return _posting_consistent(body, patch=True)
    if label == "POST /api/v1/accounts":
        return _strong_password(body)
    return True


def _query_consistent(label, query):
    if not isinstance(query, dict):
        return True
    # A cursor, on any list, is only ever one the server issued in `next_cursor`.
    if "cursor" in query:
        return False
    if label != "GET /api/v1/jobs":
        return True
    # `salary_min` and `currency` go together; `radius_km` and `sort=distance` need `near`.
    if "near" not in query and ("radius_km" in query or query.get("sort") == "distance"):
        return False
    return ("salary_min" in query) == ("currency" in query)


# A case-level filter, because it is the one hook every phase applies (the coverage phase
# builds whole cases without the per-component hooks).
@schemathesis.hook
def filter_case(context, case):
    label = case.operation.label
    return _body_consistent(label, case.body) and _query_consistent(label, case.query)


# The `Idempotency-Key` header's schema in the OpenAPI document.
_IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,255}")


@schemathesis.hook
def map_case(context, case):
    """A fresh `Idempotency-Key` for every request that carries a valid one, as a client makes
    one per write it means. The generator draws the same short keys again and again; a write
    sent again with its key is answered with the first answer, even after the resource it
    created was deleted (Stripe's rule, tested by the HTTP suite), which the stateful phase's
    "created resource not found" check cannot tell from a lost write. Invalid keys are left as
    drawn, and so are negative cases, which must still be refused for what they break."""
    meta = case.meta
    if meta is not None and (
        meta.generation.mode.is_negative
        or any(component.mode.is_negative for component in meta.components.values())
    ):
        return case
    headers = case.headers or {}
    for name in list(headers):
        value = headers[name]
        if name.lower() == "idempotency-key" and isinstance(value, str) and _IDEMPOTENCY_KEY.fullmatch(value):
            headers[name] = str(uuid.uuid4())
    return case
