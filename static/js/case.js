// Case page: a response template button fills the note or reason of its action's form.
document.addEventListener("click", function (e) {
  var button = e.target.closest("[data-template]");
  if (!button) return;
  var box = button.closest("details").querySelector("textarea");
  if (box) { box.value = button.dataset.template; box.focus(); }
});
