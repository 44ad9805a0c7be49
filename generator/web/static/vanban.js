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
