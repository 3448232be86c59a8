"""Long lists split into pages with the GOV.UK pagination component."""

from django.template.loader import render_to_string
from django.test import RequestFactory

from openehcp.web.pagination import paginate


def test_pages_keep_the_other_query_parameters_and_elide_the_middle():
    request = RequestFactory().get("/children/", {"q": "ada", "page": "5"})
    context = paginate(request, list(range(500)), per_page=50)
    assert list(context["page"]) == list(range(200, 250))
    numbers = [link.get("number") for link in context["page_links"]]
    assert numbers == [1, None, 4, 5, 6, None, 10]
    html = render_to_string("web/includes/pagination.html", context)
    assert 'href="?q=ada&amp;page=4" rel="prev"' in html
    assert 'aria-current="page"' in html and "&ctdot;" in html


def test_a_single_page_shows_no_pagination():
    request = RequestFactory().get("/children/")
    context = paginate(request, [1, 2, 3])
    assert render_to_string("web/includes/pagination.html", context).strip() == ""


def test_a_page_number_out_of_range_shows_the_last_page():
    request = RequestFactory().get("/children/", {"page": "99"})
    assert paginate(request, list(range(120)), per_page=50)["page"].number == 3
