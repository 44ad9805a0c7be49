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
// error is marked invalid, so the browser and screen readers say so at the field.
function markInvalid() {
  var messages = document.querySelectorAll(".thong-bao-truong");
  for (var i = 0; i < messages.length; i++) {
    var input = document.getElementById(messages[i].id.replace(/-loi$/, ""));
    if (input) {
      input.setAttribute("aria-invalid", messages[i].querySelector(".tb-loi") ? "true" : "false");
    }
  }
}
document.addEventListener("DOMContentLoaded", markInvalid);
document.addEventListener("htmx:oobAfterSwap", markInvalid);

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
