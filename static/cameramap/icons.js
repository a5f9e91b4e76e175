/* cameramap: what the map and the camera page share — marker icons (symbol by type, colour by
 * operator), field-of-view cones, popups built from text nodes (never HTML from data), and a
 * small reader for our vector tiles on top of the vendored pbf library.
 *
 * Reads the globals of the vendored Leaflet (L) and pbf (Pbf: readTile, on the map only). */
import { el, gettext, interpolate, pointAt } from "./util.js";

const OPERATOR_TYPES = ["police", "city", "transport", "private", "unknown"];

// Symbols are constant SVG markup chosen by a lookup; data never reaches innerHTML.
const SYMBOLS = {
  camera: '<rect x="5" y="9" width="11" height="7" rx="1.5"/><path d="M16 11l4-2.5v8L16 14z"/>',
  dome: '<path d="M6 10h14v1.5H6z"/><path d="M7.5 12a5.5 5.5 0 0 0 11 0z"/>',
  ALPR: '<rect x="4.5" y="8.5" width="17" height="9" rx="1.5" fill="none" stroke="#fff" stroke-width="1.8"/>' +
        '<path d="M8 11h2v4H8zM11.5 11h2v4h-2zM15 11h3v1.5h-3zM15 13.5h3V15h-3z"/>',
  guard: '<circle cx="13" cy="8.5" r="2.8"/><path d="M8 19c0-3.5 2.2-6 5-6s5 2.5 5 6z"/>',
  gunshot_detector: '<circle cx="13" cy="13" r="2.5"/><path d="M8.5 8.5a6.4 6.4 0 0 0 0 9l1.2-1.2a4.7 4.7 0 0 1 0-6.6z' +
        'M17.5 8.5l-1.2 1.2a4.7 4.7 0 0 1 0 6.6l1.2 1.2a6.4 6.4 0 0 0 0-9z"/>'
};

function operatorClass(value) {
  return OPERATOR_TYPES.indexOf(value) >= 0 ? value : "unknown";
}

function symbolName(props) {
  if (props.surveillance_type === "camera" && props.camera_type === "dome") return "dome";
  return Object.prototype.hasOwnProperty.call(SYMBOLS, props.surveillance_type) ? props.surveillance_type : "camera";
}

function symbolSvg(name) {
  return '<svg viewBox="0 0 26 26" width="26" height="26" aria-hidden="true" focusable="false">' +
    '<g fill="#fff">' + SYMBOLS[name] + "</g></svg>";
}

// Imported cameras (not yet seen by our volunteers: ``verified`` false) are drawn hollow.
export function cameraIcon(props) {
  const faded = props.status && props.status !== "present" ? " cam-faded" : "";
  const imported = props.verified === false ? " cam-imported" : "";
  return L.divIcon({
    className: "cam-marker op-" + operatorClass(props.operator_type) + faded + imported,
    html: symbolSvg(symbolName(props)),
    iconSize: [28, 28],
    iconAnchor: [14, 14],
    popupAnchor: [0, -12]
  });
}

// A group of cameras none of which is verified yet (``verifiedCount`` 0) is drawn hollow.
export function groupIcon(count, verifiedCount) {
  const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 50;
  const label = count < 10000 ? String(count) : Math.round(count / 1000) + "k";
  const className = verifiedCount === 0 ? "cam-group cam-group-imported" : "cam-group";
  return L.divIcon({ className: className, html: el("span", null, label), iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
}

// Field-of-view wedges, one per direction; a circle for a dome (it sees all around).
// The server's field of view (a GeoJSON geometry), styled as the wedges are.
export function fieldOfView(geometry, props) {
  return L.geoJSON(geometry, {
    style: { className: "cam-cone cam-fov op-" + operatorClass(props.operator_type), weight: 1, interactive: false }
  });
}

// The wedge drawn in the browser for a camera without a field of view from the server.
export function cones(latlng, props, angles, metres = 30) {
  const style = { className: "cam-cone op-" + operatorClass(props.operator_type), weight: 1, interactive: false };
  if (props.camera_type === "dome") return [L.circle(latlng, L.extend({ radius: metres * 0.6 }, style))];
  let directions = props.directions || [];
  if (typeof directions === "string") {
    directions = directions ? directions.split(",").map(Number) : [];
  }
  const key = props.surveillance_type === "ALPR" ? "ALPR" : (props.camera_type || "");
  const angle = angles[key] || 60;
  return directions.map((direction) => {
    const points = [latlng];
    for (let step = 0; step <= 8; step++) {
      points.push(L.latLng(pointAt(latlng.lat, latlng.lng, direction - angle / 2 + angle * step / 8, metres)));
    }
    return L.polygon(points, style);
  });
}

// A popup for one camera, from its API properties. Every value goes in as text.
export function popupContent(id, props, config) {
  const labels = config.labels;
  const root = el("div", "cam-popup");
  let typeLabel = labels.surveillance_type[props.surveillance_type] || props.surveillance_type;
  if (props.camera_type) typeLabel += " · " + (labels.camera_type[props.camera_type] || props.camera_type);
  root.appendChild(el("h3", null, typeLabel));
  const list = el("dl");
  const row = (term, value) => {
    if (value === undefined || value === null || value === "") return;
    list.appendChild(el("dt", null, term));
    list.appendChild(el("dd", null, value));
  };
  row(gettext("Operator"), props.operator || gettext("unknown"));
  row(gettext("Operator type"), labels.operator_type[props.operator_type]);
  row(gettext("Status"), labels.status[props.status]);
  row(gettext("Facial recognition"), labels.facial_recognition[props.facial_recognition]);
  if (props.verified !== undefined) {
    row(gettext("How we know"), props.verified ?
      interpolate(gettext("verified by volunteers, first on %(date)s"), { date: props.verified_on }, true) :
      gettext("imported, not yet seen by our volunteers"));
  }
  row(gettext("Sightings"), props.sightings);
  row(gettext("First seen"), props.first_seen);
  row(gettext("Last confirmed"), props.last_confirmed);
  root.appendChild(list);
  const link = el("a", "cam-popup-link", gettext("Open the camera page"));
  link.href = config.urls.cameraPage.replace("{id}", encodeURIComponent(id));
  root.appendChild(link);
  return root;
}

/* Vector tiles: Mapbox Vector Tile 2.1 (a protobuf), read with pbf. Only what our tiles hold:
 * point features with properties. Returns [{x, y, properties}] in tile units (y down). */
// The layers of an MVT: name, extent, and features with tags and raw geometry commands.
export function readLayers(buffer) {
  return new Pbf(new Uint8Array(buffer)).readFields((tag, result, pbf) => {
    if (tag === 3) result.push(pbf.readMessage(readLayerField, { name: "", keys: [], values: [], features: [], extent: 4096 }));
  }, []);
}

export function readTile(buffer) {
  const layers = readLayers(buffer);
  const points = [];
  layers.forEach((layer) => {
    layer.features.forEach((feature) => {
      const properties = {};
      for (let i = 0; i + 1 < feature.tags.length; i += 2) {
        properties[layer.keys[feature.tags[i]]] = layer.values[feature.tags[i + 1]];
      }
      decodePoints(feature.geometry).forEach((xy) => {
        points.push({ x: xy[0] / layer.extent, y: xy[1] / layer.extent, properties: properties, layer: layer.name });
      });
    });
  });
  return points;
}

function readLayerField(tag, layer, pbf) {
  if (tag === 1) layer.name = pbf.readString();
  else if (tag === 2) layer.features.push(pbf.readMessage(readFeatureField, { tags: [], geometry: [], type: 0 }));
  else if (tag === 3) layer.keys.push(pbf.readString());
  else if (tag === 4) layer.values.push(readValue(pbf));
  else if (tag === 5) layer.extent = pbf.readVarint();
}

function readFeatureField(tag, feature, pbf) {
  if (tag === 1) feature.id = pbf.readVarint();
  else if (tag === 2) pbf.readPackedVarint(feature.tags);
  else if (tag === 3) feature.type = pbf.readVarint();
  else if (tag === 4) pbf.readPackedVarint(feature.geometry);
}

function readValue(pbf) {
  const end = pbf.readVarint() + pbf.pos;
  let value = null;
  while (pbf.pos < end) {
    const tag = pbf.readVarint() >> 3;
    value = tag === 1 ? pbf.readString() : tag === 2 ? pbf.readFloat() : tag === 3 ? pbf.readDouble() :
      tag === 4 ? pbf.readVarint64() : tag === 5 ? pbf.readVarint() : tag === 6 ? pbf.readSVarint() :
      tag === 7 ? pbf.readBoolean() : null;
  }
  return value;
}

// Geometry commands of point features: MoveTo(count) followed by zigzag-encoded deltas.
function decodePoints(commands) {
  const points = [];
  let x = 0, y = 0, i = 0;
  while (i < commands.length) {
    const command = commands[i] & 7, count = commands[i] >> 3;
    i++;
    if (command !== 1) break; // not a point feature
    for (let n = 0; n < count; n++) {
      x += zigzag(commands[i++]);
      y += zigzag(commands[i++]);
      points.push([x, y]);
    }
  }
  return points;
}

function zigzag(value) { return (value >> 1) ^ -(value & 1); }

// Tile-relative (0..1) position inside tile z/x/y → LatLng (Web Mercator).
export function tileLatLng(z, x, y, fx, fy) {
  const n = Math.pow(2, z);
  const lon = (x + fx) / n * 360 - 180;
  const lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * (y + fy) / n))) * 180 / Math.PI;
  return L.latLng(lat, lon);
}
