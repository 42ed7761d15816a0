"""Amazon's sign-in identifier step: the one coded provider, because its form's hidden fields must be carried."""

from __future__ import annotations

from urllib.parse import urljoin

from numcheck.checker import CheckContext
from numcheck.numbers import PhoneNumberInfo
from numcheck.providers.http import HttpClient
from numcheck.providers.manifest import ManifestChecker, _Template
from numcheck.providers.signals import Signals, classify
from numcheck.report import Finding, Status


class AmazonSignIn(ManifestChecker):
    """GET the sign-in page, then POST its own hidden fields with the number as identifier (no password)."""

    def _lookup(self, number: PhoneNumberInfo, ctx: CheckContext, http: HttpClient, base: str, template: _Template) -> Finding:
        assert self.manifest.prime is not None
        page_url = base + self.manifest.prime.path
        page = http.request("GET", page_url, rate=self.manifest.rate_limit, params=self.manifest.prime.query, jar=template.jar)
        verdict = classify(page, Signals(blocked=self.manifest.signals.blocked))
        if verdict.status in (Status.BLOCKED, Status.ERROR):
            return self._finding(ctx, verdict, page, page_url, "sign-in page: ")
        from bs4 import BeautifulSoup  # only when Amazon is really asked

        form = BeautifulSoup(page.text, "html.parser").select_one("form[name=signIn]")
        if form is None:
            return self._unknown(ctx, page, page_url, "the sign-in page has no signIn form: the page may have changed")
        fields = {str(item.get("name")): str(item.get("value") or "") for item in form.select("input[type=hidden]") if item.get("name")}
        if any(name.lower() in ("password", "pass") for name in fields):
            return self._unknown(ctx, page, page_url, "the identifier form carries a password field: refusing to submit it")
        fields["email"] = template.values["number"]
        action = urljoin(page_url, str(form.get("action") or self.manifest.request.path))
        if not action.startswith(base):
            return self._unknown(ctx, page, page_url, "the form posts to another host: refusing to follow it")
        result = http.request("POST", action, rate=self.manifest.rate_limit, data=fields, jar=template.jar)
        return self._finding(ctx, classify(result, self.manifest.signals), result, base + self.manifest.request.path)

    def _unknown(self, ctx: CheckContext, page: object, url: str, detail: str) -> Finding:
        from numcheck.checker import finding
        from numcheck.report import Evidence

        status = getattr(page, "status", None)
        return finding(self.meta, ctx, Status.UNKNOWN, detail, evidence=Evidence(signal="form", http_status=status, url_template=url))
