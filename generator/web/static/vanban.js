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
