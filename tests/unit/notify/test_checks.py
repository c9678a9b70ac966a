from __future__ import annotations

import pytest

from leadscore.errors import LeadscoreError
from leadscore.notify.subscriptions import check_events, check_url


@pytest.mark.parametrize("url", ["https://crm.example.com/hooks", "http://127.0.0.1:9000/x?y=1"])
def test_urls_accepted(url: str) -> None:
    assert check_url(f"  {url} ") == url


@pytest.mark.parametrize(
    "url", ["", "crm.example.com/hooks", "ftp://x.io", "http://", "http://x.io:0", "http://x:99999"]
)
def test_urls_refused_naming_the_field(url: str) -> None:
    with pytest.raises(LeadscoreError, match=r"^url: expected an absolute http"):
        check_url(url)


def test_events_are_known_kinds_without_repeats() -> None:
    assert check_events(["lead.sql", "lead.mql", "lead.sql"]) == ("lead.sql", "lead.mql")
    for bad in ([], ["lead.won"]):
        with pytest.raises(LeadscoreError, match=r"^events: expected one or more of lead\.mql"):
            check_events(bad)
