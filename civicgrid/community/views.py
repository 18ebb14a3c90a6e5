from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.community import batches, posters
from civicgrid.community.access import area_for, batch_for
from civicgrid.community.models import PosterBatch
from civicgrid.community.public import community_page
from civicgrid.lib.chromium import PdfError, print_pdf
from civicgrid.lib.urls import public_url
from civicgrid.people import actions
from civicgrid.people.scopes import can


def community_detail(request, community_code):
    """The public page of a community: its workstation, roster, notices and results."""
    community = get_object_or_404(Area, code=community_code, level=Level.COMMUNITY)
    return render(request, "community/community_detail.html", community_page(community=community))


@login_required
def poster_list(request):
    """The communities whose posters this user may print, grouped by street."""
    communities = posters.poster_communities(request.user)
    streets = [
        (street, list(members), can(request.user, actions.COMMUNITY_POSTER, street))
        for street, members in groupby(communities, key=lambda c: c.parent)
    ]
    return render(request, "community/poster_list.html", {"streets": streets})


def _pages(request, community_code, *, inline):
    community = area_for(request.user, community_code, Level.COMMUNITY)
    grid = None
    if request.GET.get("g"):
        grid = get_object_or_404(Area, code=request.GET["g"], level=Level.GRID, parent=community)
    pages = posters.poster_pages(
        communities=[community], base=public_url(request), grid=grid, inline=inline
    )
    return community, pages


@login_required
def poster_detail(request, community_code):
    """The A4 poster of one community, to print from the browser."""
    _, pages = _pages(request, community_code, inline=False)
    return HttpResponse(posters.poster_html(pages=pages))


@login_required
def poster_pdf(request, community_code):
    """The same poster as a PDF, printed by headless Chromium."""
    community, pages = _pages(request, community_code, inline=True)
    try:
        pdf = print_pdf(posters.poster_html(pages=pages, for_print=True))
    except PdfError as exc:
        context = {"message": str(exc), "community": community}
        return render(request, "community/pdf_unavailable.html", context, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{community.code}.pdf"'
    return response


@login_required
def batch_create(request, street_code):
    """Ask for a street's posters as one PDF; the work runs in the background."""
    street = area_for(request.user, street_code, Level.STREET)
    if request.method == "POST":
        batch = batches.start_batch(street=street, actor=request.user, base=public_url(request))
        return redirect("community:batch-detail", pk=batch.pk)
    context = {
        "street": street,
        "communities": batches.street_communities(street),
        "batches": PosterBatch.objects.filter(street=street)[:5],
    }
    return render(request, "community/batch_create.html", context)


@login_required
def batch_detail(request, pk):
    """Progress of a street batch; refreshes itself until the PDF is ready."""
    return render(request, "community/batch_detail.html", {"batch": batch_for(request.user, pk)})


@login_required
def batch_download(request, pk):
    """The finished PDF of a street batch."""
    batch = batch_for(request.user, pk)
    if not batch.file:
        raise Http404(_("PDF 尚未生成"))
    return FileResponse(
        batch.file.open("rb"),
        content_type="application/pdf",
        filename=f"posters-{batch.street.code}.pdf",
    )
