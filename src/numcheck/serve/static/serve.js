// numcheck serve's page. Everything a provider or a person typed is put on the page as text
// (textContent), never as markup; the report HTML comes from the server's autoescaping templates.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const words = document.getElementById("words").dataset;
const statuses = JSON.parse(words.statuses || "{}");
const verdicts = JSON.parse(words.verdicts || "{}");
const $ = (id) => document.getElementById(id);

function numbers() {
  return $("numbers").value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

function badge(text, kind) {
  const span = document.createElement("span");
  span.className = "badge status-" + kind;
  span.textContent = text;
  return span;
}

function checkOne(number, offline) {
  $("live").hidden = false;
  $("arriving").replaceChildren();
  $("result").replaceChildren();
  const query = new URLSearchParams({ number: number, offline: offline ? "true" : "false" });
  const source = new EventSource("/api/v1/check/events?" + query.toString());
  source.addEventListener("finding", (event) => {
    const finding = JSON.parse(event.data);
    const item = document.createElement("li");
    item.className = "finding-live";
    item.dataset.checker = finding.checker_id;
    item.dataset.status = finding.status;
    item.append(badge(statuses[finding.status] || finding.status.replace("_", " "), finding.status), " ");
    const name = document.createElement("strong");
    // The server adds the texts in the page's language (Accept-Language); the English ones are always there.
    name.textContent = finding.checker_name_localized || finding.checker_name;
    item.append(name, " ", document.createTextNode(finding.detail_localized || finding.detail));
    $("arriving").append(item);
  });
  source.addEventListener("report", (event) => {
    source.close();
    $("result").innerHTML = JSON.parse(event.data).html;
  });
  source.onerror = () => {
    source.close();
    fetch("/api/v1/check?" + query.toString(), { headers: { "x-csrf-token": csrf } }).then((response) => response.json()).then((body) => {
      if (body.error) showError(body.error_localized || body.error);
    });
  };
}

async function compare(list, offline) {
  $("live").hidden = true;
  $("result").textContent = words.checking;
  const response = await fetch("/api/v1/compare/html", {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": csrf },
    body: JSON.stringify({ numbers: list, offline: offline }),
  });
  if (!response.ok) {
    $("result").replaceChildren();
    showError((await response.json()).error || String(response.status));
    return;
  }
  $("result").innerHTML = await response.text();
}

async function history() {
  const number = numbers()[0];
  if (!number) return;
  $("past").hidden = false;
  $("past-rows").replaceChildren();
  $("changes").replaceChildren();
  const past = await fetch("/api/v1/history/" + encodeURIComponent(number));
  const checks = past.ok ? await past.json() : [];
  if (!checks.length) {
    const row = document.createElement("tr");
    const cell = document.createElement("td");
    cell.textContent = words.none;
    row.append(cell);
    $("past-rows").append(row);
  }
  for (const check of checks) {
    const row = document.createElement("tr");
    const registered = Object.values(check.findings || {}).filter((finding) => finding.status === "registered").map((finding) => finding.checker_name);
    for (const value of [check.checked_at, verdicts[check.verdict] || check.verdict, registered.join(", ")]) {
      const cell = document.createElement("td");
      cell.textContent = value;
      row.append(cell);
    }
    $("past-rows").append(row);
  }
  const diff = await fetch("/api/v1/diff/" + encodeURIComponent(number));
  const changes = diff.ok ? (await diff.json()).changes || [] : [];
  for (const change of changes.length ? changes : [{ text: words.nochange }]) {
    const item = document.createElement("li");
    item.textContent = change.text || `${change.checker_name}: ${change.before || "-"} → ${change.after || "-"} (${change.meaning})`;
    $("changes").append(item);
  }
}

$("ask").addEventListener("submit", (event) => {
  event.preventDefault();
  showError("");
  const list = numbers();
  const offline = $("offline").checked;
  if (list.length > 1000) return showError(words.toomany);
  if (list.length === 1) checkOne(list[0], offline);
  else if (list.length > 1) compare(list, offline);
});

$("file").addEventListener("change", async () => {
  const file = $("file").files[0];
  if (file) $("numbers").value = (await file.text()).split(/\r?\n/).map((line) => line.split(/[,;\t]/)[0]).join("\n");
});

if ($("history")) $("history").addEventListener("click", history);
