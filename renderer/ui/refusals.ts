// A refused value whose reason is already shown beside its field (where correcting the value clears
// it): actions do not show it a second time as a message. Layer: renderer.
export class ShownBesideField extends Error {}
