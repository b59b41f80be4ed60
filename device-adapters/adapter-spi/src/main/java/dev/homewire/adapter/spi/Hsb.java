package dev.homewire.adapter.spi;

/** A colour: hue in degrees [0, 360], saturation and brightness in [0, 1] (Alexa's ColorController model). */
public record Hsb(double hue, double saturation, double brightness) {
    public Hsb {
        if (!(hue >= 0 && hue <= 360) || !(saturation >= 0 && saturation <= 1) || !(brightness >= 0 && brightness <= 1)) {
            throw new IllegalArgumentException("colour out of range: " + hue + "/" + saturation + "/" + brightness);
        }
    }
}
