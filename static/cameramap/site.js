/* cameramap: what every page needs for keyboard use. Some controls are not native buttons but
 * say role="button": Leaflet's zoom buttons and popup close button (links) and its markers
 * (images or boxes). People who use a keyboard expect anything called a button to answer Space
 * as well as Enter; links answer Enter by themselves, and Leaflet opens a marker's popup on
 * Enter. Space is given the same meaning here: a click. */
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (event.key !== " " || event.repeat || !target || !target.matches) return;
  if (!target.matches("[role=button]:not(button, input, summary)")) return;
  event.preventDefault();  // no page scroll
  target.click();
});
