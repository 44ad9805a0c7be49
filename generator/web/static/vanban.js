// vanban: every request htmx makes carries this run's CSRF token (no inline scripts: the
// page's Content-Security-Policy forbids them).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
  }
});

// The browser's own file picker speaks the browser's language: the page shows a
// Vietnamese button (the label) and the chosen file's name instead.
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input.classList || !input.classList.contains("chon-tep")) {
    return;
  }
  var shown = document.getElementById("ten-tep");
  if (shown) {
    shown.textContent = input.files.length ? input.files[0].name : "Chưa chọn tệp nào";
  }
});

// The province form: an input whose message (checked by the server as one types) holds an
// error is marked invalid, so the browser and screen readers say so at the field. One check
// answers with the messages of every field (hundreds with the results table): the marks
// are set once after all of them are swapped, and only where they change.
function markInvalid() {
  var messages = document.querySelectorAll(".thong-bao-truong");
  for (var i = 0; i < messages.length; i++) {
    var input = document.getElementById(messages[i].id.replace(/-loi$/, ""));
    var invalid = messages[i].querySelector(".tb-loi") ? "true" : "false";
    if (input && input.getAttribute("aria-invalid") !== invalid) {
      input.setAttribute("aria-invalid", invalid);
    }
  }
}
var markPending = false;
function markInvalidSoon() {
  if (!markPending) {
    markPending = true;
    setTimeout(function () { markPending = false; markInvalid(); }, 0);
  }
}
document.addEventListener("DOMContentLoaded", markInvalid);
document.addEventListener("htmx:oobAfterSwap", markInvalidSoon);
// The answer of a check carries the messages of the fields that have some now (and of
// those edited): the messages shown before are emptied first, so that one fixed since
// goes away.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (!event.detail.shouldSwap || !event.detail.elt || event.detail.elt.id !== "bieu-mau") {
    return;
  }
  var shown = document.querySelectorAll("#bieu-mau .thong-bao-truong");
  for (var i = 0; i < shown.length; i++) {
    if (shown[i].firstChild) {
      shown[i].textContent = "";
    }
  }
  markInvalidSoon();
});

// A request htmx makes that the server refuses (a viewer building, a session that expired,
// a form token gone stale) or that cannot reach the server: htmx would show nothing, so
// the server's sentence (or ours) is put at the top of the page, as text.
function tellFailure(text) {
  var region = document.getElementById("loi-yeu-cau");
  if (!region) {
    return;
  }
  region.textContent = text;
  region.hidden = false;
  region.focus();
}
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  var said = new DOMParser().parseFromString(xhr.responseText || "", "text/html").body;
  var text = (said && said.textContent || "").trim();
  tellFailure(text || "vanban không làm được việc này (mã " + xhr.status + "). Tải lại trang rồi thử lại.");
});
document.addEventListener("htmx:sendError", function () {
  tellFailure("Không kết nối được tới vanban: cửa sổ chạy vanban serve có thể đã đóng. Chạy lại "
    + "vanban serve rồi tải lại trang.");
});
