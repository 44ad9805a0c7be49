// vanban: every request htmx makes carries this run's CSRF token (no inline scripts: the
// page's Content-Security-Policy forbids them).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
  }
});
