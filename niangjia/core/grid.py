"""One list grid for every workbench list: sort, keyword search, filters in the URL, page size and jump, row
count, an empty state that says what to do, and optional bulk actions.

A view builds it from a scoped queryset (the selector does the scoping; the grid only narrows and orders):

    grid = build_grid(request, selectors.files_visible_to(actor=actor),
                      columns=[Col("档案号", sort="id"), Col("户主", sort="household__head_name"), ...],
                      search=("household__head_name__startswith", "=pk"), filters=[Filter("status", "状态", choices)],
                      row_template="relief/_file_row.html", empty=Empty("还没有档案。", "导入档案", url))
    return render(request, "relief/wb_files.html", {"grid": grid})

and the template says `{% include "core/_grid.html" %}`. Sort keys are whitelisted by the columns; an unknown
`?sort=` or `?size=` falls back to the default instead of failing. Two queries per page: one COUNT, one page.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

PAGE_SIZES = (20, 50, 100)
MAX_QUERY_LENGTH = 60


@dataclass(frozen=True)
class Col:
    """A column header. `sort` is the ORM field behind it (this makes it sortable); `align="end"` for amounts."""

    label: str
    sort: str = ""
    align: str = ""
    key: str = ""  # URL key for the sort; defaults to the field with "__" → "."

    @property
    def sort_key(self) -> str:
        return self.key or self.sort.replace("__", ".")


@dataclass(frozen=True)
class Filter:
    """A drop-down filter kept in the URL as `?<name>=<value>`; the view applies it through its selector."""

    name: str
    label: str
    choices: Sequence[tuple[str, str]]
    all_label: str = "全部"


@dataclass(frozen=True)
class Empty:
    """What the empty list says, and (optionally) the one thing to do about it."""

    text: str
    action_label: str = ""
    action_url: str = ""


@dataclass(frozen=True)
class BulkAction:
    """A button over the selected rows. It posts `ids` to `url`, which answers with `core/bulk_confirm.html`
    (count and total) before anything runs (see `core.bulk`)."""

    name: str
    label: str
    url: str
    style: str = "primary"


@dataclass
class Grid:
    page: Page
    columns: list[Col]
    sort: str
    q: str
    size: int
    filters: list[dict]
    row_template: str
    empty: Empty
    searchable: bool
    search_placeholder: str
    bulk_actions: list[BulkAction] = field(default_factory=list)
    id: str = "grid"
    params: dict = field(default_factory=dict)  # the current filters
    keep: list = field(default_factory=list)  # other query parameters, as hidden fields

    def keep_without(self, *names: str) -> list:
        return [(k, v) for k, v in self.keep if k not in names]

    @property
    def keep_for_search(self) -> list:
        return self.keep_without("qt")

    @property
    def q_param(self) -> list:
        # An ID or mobile number searched for is in the session; the links carry only its token (qt).
        if any(k == "qt" for k, _ in self.keep):
            return []
        return [("q", self.q)] * bool(self.q)

    @property
    def keep_for_jump(self) -> list:
        return self.keep_without("size") + self.q_param + list(self.params.items())

    @property
    def keep_for_size(self) -> list:
        return self.keep_without("size") + self.q_param + list(self.params.items())

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def sizes(self) -> tuple[int, ...]:
        return PAGE_SIZES

    @property
    def filtered(self) -> bool:
        return bool(self.q or any(f["value"] for f in self.filters))

    def header(self) -> list[dict]:
        """Each column with the URL value that sorts by it (clicking again reverses) and its current arrow."""
        out = []
        for col in self.columns:
            entry = {"label": col.label, "align": col.align, "sort": None, "arrow": ""}
            if col.sort:
                key = col.sort_key
                if self.sort == key:
                    entry["sort"], entry["arrow"] = f"-{key}", "▲"
                elif self.sort == f"-{key}":
                    entry["sort"], entry["arrow"] = key, "▼"
                else:
                    entry["sort"] = key
            out.append(entry)
        return out


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def search_q(q: str, lookups: Sequence[str], model=None) -> Q:
    """OR of the lookups for the keyword.

    "=pk" matches an exact integer id only when the keyword is one. "*invoices__number" goes through a
    many-valued relation: it becomes `pk IN (subquery)`, so a match never repeats a row.
    """
    cond = Q(pk__in=[])
    for lookup in lookups:
        if lookup.startswith("="):
            if q.isdigit() and len(q) < 12:
                cond |= Q(**{lookup[1:]: int(q)})
            continue
        if lookup.startswith("*"):
            cond |= Q(pk__in=model._default_manager.filter(**{lookup[1:]: q}).values("pk"))
            continue
        cond |= Q(**{lookup: q})
    return cond


def build_grid(
    request,
    queryset: QuerySet,
    *,
    columns: Sequence[Col],
    row_template: str,
    empty: Empty,
    default_sort: str = "-id",
    search: Sequence[str] | Callable[[QuerySet, str], QuerySet] | str | None = None,
    search_placeholder: str = "",
    filters: Sequence[Filter] = (),
    bulk_actions: Sequence[BulkAction] = (),
    count: Callable[[], int] | None = None,
    grid_id: str = "grid",
) -> Grid:
    """Narrow, order and page `queryset` from the request's `q`, `sort`, `size` and `page` parameters.

    Filters are applied by the caller (usually as selector arguments) — the grid only shows them and keeps
    them in every link. `count` replaces the COUNT query when the selector has a cheaper one.
    """
    from niangjia.core.private_search import search_value

    g = request.GET
    q = search_value(request, "q").strip()[:MAX_QUERY_LENGTH]
    if q and search == "selector":
        pass  # the view passed `q` to its selector already (e.g. blind-index search on ID or mobile numbers)
    elif q and search is not None:
        queryset = search(queryset, q) if callable(search) else queryset.filter(search_q(q, search, queryset.model))
        count = None  # the caller's count does not know the keyword
    allowed = {c.sort_key: c.sort for c in columns if c.sort}
    sort = g.get("sort") or default_sort
    name = sort.lstrip("-")
    if name in allowed:
        field_name = allowed[name]
        desc = sort.startswith("-")
        queryset = queryset.order_by(f"-{field_name}" if desc else field_name, "-pk" if desc else "pk")
    else:
        sort = default_sort
        if default_sort.lstrip("-") in allowed:
            field_name = allowed[default_sort.lstrip("-")]
            queryset = queryset.order_by(("-" if default_sort.startswith("-") else "") + field_name, "-pk")
    size = _int(g.get("size"), PAGE_SIZES[0])
    if size not in PAGE_SIZES:
        size = PAGE_SIZES[0]
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count()  # a cached_property: setting it skips Django's COUNT
    page = paginator.get_page(g.get("page"))
    shown = [
        {"name": f.name, "label": f.label, "choices": f.choices, "all_label": f.all_label, "value": g.get(f.name, "")}
        for f in filters
    ]
    params = {f["name"]: f["value"] for f in shown if f["value"]}
    grid_keys = {"q", "page"} | {f.name for f in filters}
    # Other parameters of the page (an org filter, a tab) ride along in every form of the grid.
    keep = [(k, v) for k, values in g.lists() for v in values if k not in grid_keys]
    return Grid(
        page=page,
        columns=list(columns),
        sort=sort,
        q=q,
        size=size,
        filters=shown,
        row_template=row_template,
        empty=empty,
        searchable=search is not None,
        search_placeholder=search_placeholder,
        bulk_actions=list(bulk_actions),
        id=grid_id,
        params=params,
        keep=keep,
    )
