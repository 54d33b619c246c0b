// A citation marker in an answer leads to its source card (earlier turns'
// cards sit in collapsed sections, which are opened first); opening an
// article scrolls its highlighted passage into view.
(function () {
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.rag-cite");
    if (!a) return;
    e.preventDefault();
    e.stopPropagation();
    var id = (a.getAttribute("href") || "").replace(/^#/, "");  // the chat drops data-* attributes
    var card = document.getElementById(id);
    if (!card) return;
    for (var d = card.parentElement; d; d = d.parentElement) {
      if (d.tagName === "DETAILS") d.open = true;
    }
    card.scrollIntoView({ behavior: "smooth", block: "center" });
    card.classList.add("rag-flash");
    setTimeout(function () { card.classList.remove("rag-flash"); }, 1600);
  }, true);
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (!d.classList || !d.classList.contains("rag-article") || !d.open) return;
    var box = d.querySelector(".rag-article-text");
    var mark = d.querySelector("mark.rag-passage");
    if (box && mark) box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40);
  }, true);
})();
