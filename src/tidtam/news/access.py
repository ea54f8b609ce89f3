"""How news posts belong to organisations, areas and projects (see tidtam.accounts.access)."""

from tidtam.accounts import access
from tidtam.news.models import NewsPhoto, NewsPost

access.register(
    NewsPost,
    organisations=("organisation",),
    provinces=("provinces",),
    kind=access.DataKind.PROJECT,
)
access.register(NewsPhoto, projects=("post",), kind=access.DataKind.PROJECT)
