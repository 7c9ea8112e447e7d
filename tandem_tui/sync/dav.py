"""The CalDAV side of a sync: one calendar collection on a server, through `caldav`'s client.

Only what the sync needs, each request written out so that its headers are ours:
`If-Match` on every change of an object, `If-None-Match: *` on every new one (a second
machine, or a sync run again after it was killed, can never write a duplicate), the
server's sync token (RFC 6578) where it offers one, and `calendar-multiget` to read
many objects in one request. Every failure is a `SyncError` with one line for a person.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from tandem_tui.i18n import _

DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
TIMEOUT = 20  # seconds for one request: a server that does not answer is told, not waited for
ICS = {"Content-Type": "text/calendar; charset=utf-8"}
XML = {"Content-Type": "application/xml; charset=utf-8"}

_SYNC_REPORT = """<?xml version="1.0" encoding="utf-8"?>
<d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token>
<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"""
_LISTING = """<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>"""
_MULTIGET = """<?xml version="1.0" encoding="utf-8"?>
<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:prop><d:getetag/><c:calendar-data/></d:prop>{hrefs}</c:calendar-multiget>"""
_MKCALENDAR = """<?xml version="1.0" encoding="utf-8"?>
<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>
<d:displayname>{name}</d:displayname><c:supported-calendar-component-set>
<c:comp name="VEVENT"/><c:comp name="VTODO"/><c:comp name="VJOURNAL"/>
</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>"""


_CLIENTS: dict[tuple[str, str, str], Any] = {}
_CLIENTS_LOCK = threading.Lock()


class SyncError(Exception):
    """A sync that could not go on: the server refused, or could not be reached."""


class WrongPassword(SyncError):
    """The server did not take the login (HTTP 401)."""


class Conflict(Exception):
    """The object changed on the server since it was read (HTTP 412): read it again."""


@dataclass
class Listing:
    """What the calendar holds, or what changed in it since `token` (then `complete` is
    False, and `gone` names what was removed)."""

    etags: dict[str, str] = field(default_factory=dict)  # href -> etag
    gone: set[str] = field(default_factory=set)
    token: str | None = None
    complete: bool = True


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Calendar:
    """One calendar collection at `url`, with the user's password."""

    def __init__(self, url: str, user: str | None, password: str | None) -> None:
        import caldav  # imported when a sync starts, never at the app's start

        self.url = url if url.endswith("/") else url + "/"
        self.user = user or ""
        self.path = unquote(urlsplit(self.url).path)
        parts = urlsplit(self.url)
        server = f"{parts.scheme}://{parts.netloc}/"
        key = (server, user or "", password or "")
        with _CLIENTS_LOCK:  # one connection per login: a cohort's calendars share it
            self.client: Any = _CLIENTS.get(key)
            if self.client is None:
                client: Any = caldav.DAVClient  # typed loosely by caldav itself
                self.client = client(
                    server, username=user or None, password=password or None, timeout=TIMEOUT
                )
                _CLIENTS[key] = self.client

    def href_for(self, uid: str) -> str:
        """Where an object of ours with `uid` lives: always the same place for the same UID."""
        return self.path + re.sub(r"[^A-Za-z0-9@._-]", "_", uid) + ".ics"

    def _url(self, href: str) -> str:
        return urljoin(self.url, quote(href))

    def _request(
        self,
        href: str,
        method: str,
        body: str = "",
        headers: dict[str, str] | None = None,
        forbidden_is_an_answer: bool = False,
    ) -> tuple[int, dict[str, str], bytes]:
        from caldav.lib import error

        try:
            response = self.client.request(self._url(href), method, body, headers or {})
        except error.AuthorizationError as refused:
            status = 403 if getattr(refused, "status", None) == 403 else 401
        except (error.DAVError, OSError) as problem:
            raise SyncError(self._unreachable(problem)) from None
        except Exception as problem:  # the HTTP library's own errors (timeouts, TLS)
            raise SyncError(self._unreachable(problem)) from None
        else:
            status = int(response.status or 0)
        if status == 403 and forbidden_is_an_answer:
            return 403, {}, b""  # a "no" to this request (a sync token it forgot)
        if status == 401:
            raise self._wrong_password()
        if status == 403:  # the login is right, the place is not theirs
            raise SyncError(
                _(
                    "the server at {host} does not let {user} use {url} (HTTP 403); "
                    "check the address"
                ).format(host=self.host, user=self.user or "?", url=self.url)
            )
        raw = response.raw
        content = raw if isinstance(raw, bytes) else str(raw or "").encode("utf-8")
        return status, {k.lower(): v for k, v in response.headers.items()}, content

    def _wrong_password(self) -> WrongPassword:
        if not self.user:
            return WrongPassword(
                _("the server at {host} asks for a login: give --user").format(host=self.host)
            )
        return WrongPassword(
            _("the server at {host} did not accept the user name or password").format(
                host=self.host
            )
        )

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    def _unreachable(self, problem: Exception) -> str:
        reason = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
        if "refused" in reason.lower() or "max retries" in reason.lower():
            reason = _("no server answers there")
        elif "timed out" in reason.lower() or "timeout" in reason.lower():
            reason = _("the server did not answer in time")
        return _("cannot reach {host}: {reason}").format(host=self.host, reason=reason)

    def _refused(self, what: str, status: int) -> SyncError:
        return SyncError(
            _("the server at {host} refused to {what} (HTTP {status})").format(
                host=self.host, what=what, status=status
            )
        )

    # the collection ------------------------------------------------------------------------

    def exists(self) -> bool:
        status, _headers, body = self._request(
            self.path, "PROPFIND", _LISTING, {**XML, "Depth": "0"}
        )
        if status == 404:
            return False
        if status != 207:  # a web page (200), a server that knows no WebDAV (405, 501)
            raise SyncError(
                _(
                    "{url} is not a calendar's address (the server answered HTTP {status}); "
                    "give the address of a calendar"
                ).format(url=self.url, status=status)
            )
        if _parse(body).find(f".//{DAV}resourcetype/{CALDAV}calendar") is None:
            raise SyncError(
                _("{url} is not a calendar; give the address of a calendar").format(url=self.url)
            )
        return True

    def create(self, name: str) -> None:
        """Make the calendar collection; an error saying why when the server does not let us."""
        status, _headers, _body = self._request(
            self.path, "MKCALENDAR", _MKCALENDAR.format(name=_escape(name)), XML
        )
        if status not in (200, 201):
            raise SyncError(
                _(
                    "there is no calendar at {url}, and the server did not let tandem-tui "
                    "make one (HTTP {status}); make it in the server's own pages and try again"
                ).format(url=self.url, status=status)
            )

    def ensure(self, name: str) -> bool:
        """True if the calendar was made now."""
        if self.exists():
            return False
        self.create(name)
        return True

    # listing and reading -------------------------------------------------------------------

    def listing(self, token: str | None) -> Listing:
        """What changed since `token`; everything when there is none, or the server
        does not keep tokens, or no longer knows this one."""
        if token:
            status, _headers, body = self._request(
                self.path,
                "REPORT",
                _SYNC_REPORT.format(token=_escape(token)),
                XML,
                forbidden_is_an_answer=True,
            )
            if status == 207:
                return self._changes(body)
            # 403/409 valid-sync-token, or no support: read everything instead
        status, _headers, body = self._request(
            self.path, "REPORT", _SYNC_REPORT.format(token=""), XML
        )
        if status == 207:
            listing = self._changes(body)
            listing.complete = True
            return listing
        status, _headers, body = self._request(
            self.path, "PROPFIND", _LISTING, {**XML, "Depth": "1"}
        )
        if status != 207:
            raise self._refused(_("read the calendar"), status)
        listing = Listing()
        for response in _responses(body):
            href, etag, _data, ok = _parts(response)
            if ok and etag and href.rstrip("/") != self.path.rstrip("/"):
                listing.etags[href] = etag
        return listing

    def _changes(self, body: bytes) -> Listing:
        root = _parse(body)
        listing = Listing(complete=False)
        token = root.find(f"{DAV}sync-token")
        listing.token = token.text if token is not None and token.text else None
        for response in root.iter(f"{DAV}response"):
            href, etag, _data, ok = _parts(response)
            if href.rstrip("/") == self.path.rstrip("/"):
                continue
            if ok and etag:
                listing.etags[href] = etag
            else:
                listing.gone.add(href)
        return listing

    def fetch(self, hrefs: list[str]) -> dict[str, tuple[str, str]]:
        """By href: its etag and its text, in one request (`calendar-multiget`)."""
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(hrefs), 100):
            chunk = hrefs[start : start + 100]
            query = "".join(f"<d:href>{_escape(quote(unquote(h)))}</d:href>" for h in chunk)
            status, _headers, body = self._request(
                self.path, "REPORT", _MULTIGET.format(hrefs=query), {**XML, "Depth": "1"}
            )
            if status != 207:
                raise self._refused(_("read the calendar"), status)
            for response in _responses(body):
                href, etag, data, ok = _parts(response)
                if ok and etag and data is not None:
                    found[href] = (etag, data)
        return found

    def get(self, href: str) -> tuple[str, str] | None:
        status, headers, body = self._request(href, "GET")
        if status == 404:
            return None
        if status != 200:
            raise self._refused(_("read the calendar"), status)
        return headers.get("etag", ""), body.decode("utf-8", "replace")

    # writing -------------------------------------------------------------------------------

    def put(self, href: str, text: str, etag: str | None) -> str:
        """Write the object; `etag` None: only if it does not exist yet. Its new etag;
        `Conflict` when the server's copy is not the one we read."""
        condition = {"If-Match": etag} if etag else {"If-None-Match": "*"}
        status, headers, _body = self._request(href, "PUT", text, {**ICS, **condition})
        if status == 412:
            raise Conflict(href)
        if status not in (200, 201, 204):
            raise self._refused(_("store an entry"), status)
        new = headers.get("etag")
        if not new:  # the server did not say: ask it
            found = self.get(href)
            new = found[0] if found else ""
        return new

    def delete(self, href: str, etag: str) -> None:
        status, _headers, _body = self._request(href, "DELETE", "", {"If-Match": etag})
        if status == 412:
            raise Conflict(href)
        if status not in (200, 204, 404):
            raise self._refused(_("remove an entry"), status)


def _parse(body: bytes) -> ET.Element:
    try:
        return ET.fromstring(body)
    except ET.ParseError:
        raise SyncError(_("the server's answer could not be read")) from None


def _responses(body: bytes) -> list[ET.Element]:
    return list(_parse(body).iter(f"{DAV}response"))


def _parts(response: ET.Element) -> tuple[str, str, str | None, bool]:
    """href (unquoted path), etag, calendar data and whether the status was 200."""
    href_node = response.find(f"{DAV}href")
    href = unquote(urlsplit(href_node.text or "").path) if href_node is not None else ""
    etag, data, ok = "", None, False
    for propstat in response.findall(f"{DAV}propstat"):
        status = propstat.findtext(f"{DAV}status", "")
        if " 200 " not in status + " ":
            continue
        ok = True
        etag = propstat.findtext(f"{DAV}prop/{DAV}getetag", "") or etag
        found = propstat.find(f"{DAV}prop/{CALDAV}calendar-data")
        if found is not None:
            data = found.text or ""
    bare = response.findtext(f"{DAV}status", "")
    if bare and " 404 " in bare + " ":
        ok = False
    return href, etag, data, ok
