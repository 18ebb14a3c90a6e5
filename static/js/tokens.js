/* The token shown once: a button copies it. Without JavaScript (or clipboard access) the
   read-only field can still be selected and copied by hand. */
document.addEventListener("click", function (e) {
  var button = e.target.closest("button.copy");
  if (!button) return;
  var field = document.getElementById(button.dataset.copy);
  var state = button.parentNode.querySelector(".copy-state");
  field.select();
  function said(text) { if (state) state.textContent = text; }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(
      function () { said(button.dataset.copied); },
      function () { said(button.dataset.failed); }
    );
  } else {
    said(document.execCommand && document.execCommand("copy") ? button.dataset.copied : button.dataset.failed);
  }
});
