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
