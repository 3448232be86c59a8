"""Long lists split into pages, for the GOV.UK pagination component
(``{% include "web/includes/pagination.html" %}``)."""

from django.core.paginator import Paginator


def paginate(request, items, per_page: int = 50, *, count: int | None = None) -> dict:
    """``page`` (the items on this page), ``page_links`` (numbers and ellipses to show) and
    ``page_query`` (the request's other query parameters, kept in every link). ``count``: the
    number of items, when the caller has counted them already (saves counting them again)."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            links.append({"ellipsis": True})
        else:
            links.append({"number": number, "current": number == page.number})
    return {"page": page, "page_links": links, "page_query": query.urlencode()}
