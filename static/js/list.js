/* Case list: the list refreshes itself every minute (hx-trigger on #case-area), except while
   cases are ticked for a batch action, so a refresh never drops the selection. A listener
   rather than an htmx trigger filter: filters need eval, which the CSP forbids. */
document.addEventListener("htmx:confirm", function (e) {
  var area = e.detail.elt;
  if (area.id === "case-area" && area.querySelector("input[name=codes]:checked")) e.preventDefault();
});
