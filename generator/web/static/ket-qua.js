// vanban, the section Kết quả of the edit page: the arrow keys Up and Down move to the
// input of the same column on the row above or below, as in the Excel sheet (Tab and
// Shift+Tab move along the row; Enter saves, as everywhere in the form).
document.addEventListener("keydown", function (event) {
  var input = event.target;
  if (event.key !== "ArrowUp" && event.key !== "ArrowDown") {
    return;
  }
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || !input.dataset
      || !input.dataset.cot || !input.closest(".bang-ket-qua")) {
    return;
  }
  var column = input.closest(".bang-ket-qua").querySelectorAll(
    'input[data-cot="' + input.dataset.cot + '"]');
  var index = Array.prototype.indexOf.call(column, input);
  var next = column[index + (event.key === "ArrowDown" ? 1 : -1)];
  if (next) {
    event.preventDefault();
    next.focus();
    next.select();
  }
});

// The table scrolls inside its own box, whose header row stays at the box's top. When an
// input of the table takes the focus while the box is partly off the screen or under the
// page's save bar, the page scrolls to show the whole box just under that bar, so that
// the years' header and the rows' names are in sight while typing.
document.addEventListener("focusin", function (event) {
  var box = event.target.closest ? event.target.closest(".cuon-ket-qua") : null;
  if (!box) {
    return;
  }
  var bar = document.querySelector(".thanh-luu");
  var top = bar ? bar.getBoundingClientRect().bottom : 0;
  var shown = box.getBoundingClientRect();
  if (shown.top < top - 1 || shown.bottom > window.innerHeight + 1) {
    window.scrollBy(0, shown.top - top - 4);
  }
});
