package dev.homewire.core.capability;

import dev.homewire.adapter.spi.ArmState;
import dev.homewire.adapter.spi.CameraStreams;
import dev.homewire.adapter.spi.ChannelInfo;
import dev.homewire.adapter.spi.ContactState;
import dev.homewire.adapter.spi.DetectionMethod;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.EqualizerBand;
import dev.homewire.adapter.spi.EqualizerMode;
import dev.homewire.adapter.spi.FriendlyNames;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.LaunchTarget;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.PlaybackOperation;
import dev.homewire.adapter.spi.PlaybackState;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Semantics;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One device per kind of the field, with every trait, and a full state for each: the interface tests' catalogue. */
final class TestDevices {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static final Device LIGHT = new Device("light-1", "Kitchen Light", null, "Lumio", "A19", DeviceKind.LIGHT, List.of(
            new Trait.Power(), new Trait.Brightness(), new Trait.Color(), new Trait.ColorTemperature(new Device.KelvinRange(2200, 6500))));

    static final Device HEATER = new Device("heater-1", "Space Heater", null, "Arbor", "H-1", DeviceKind.OTHER,
            List.of(new Trait.Power(), new Trait.PowerLevel()));

    static final Device HUMIDIFIER = new Device("hum-1", "Humidifier", null, "Arbor", "U-1", DeviceKind.OTHER,
            List.of(new Trait.Power(), new Trait.Percentage()));

    static final Trait.Range BLIND_LIFT = new Trait.Range("Blind.Lift", FriendlyNames.asset("Alexa.Setting.Opening", "Position"),
            0, 100, 1, "Alexa.Unit.Percent", List.of(), Semantics.openCloseRange(100, 0, 10), false);
    static final Device BLINDS = new Device("blinds-1", "Living Room Blinds", null, "Arbor", "B-1", DeviceKind.INTERIOR_BLIND,
            List.of(BLIND_LIFT));

    static final Trait.Range FAN_SPEED = new Trait.Range("Fan.Speed", FriendlyNames.asset("Alexa.Setting.FanSpeed", "Speed"),
            1, 5, 1, null, List.of(new Trait.Range.Preset(1, FriendlyNames.asset("Alexa.Value.Low")),
            new Trait.Range.Preset(5, new FriendlyNames(List.of("Alexa.Value.High", "Alexa.Value.Maximum"), List.of()))), null, false);
    static final Trait.Mode FAN_DIRECTION = new Trait.Mode("Fan.Direction", FriendlyNames.text("Direction"), false, List.of(
            new Trait.Mode.ModeValue("Direction.Forward", FriendlyNames.text("Forward")),
            new Trait.Mode.ModeValue("Direction.Reverse", FriendlyNames.text("Reverse"))));
    static final Trait.Toggle FAN_OSCILLATE = new Trait.Toggle("Fan.Oscillate", FriendlyNames.asset("Alexa.Setting.Oscillate", "Oscillation"));
    static final Device FAN = new Device("fan-1", "Bedroom Fan", null, "Arbor", "F-1", DeviceKind.FAN,
            List.of(new Trait.Power(), FAN_SPEED, FAN_OSCILLATE, FAN_DIRECTION));

    static final Trait.Mode GARAGE_POSITION = new Trait.Mode("GarageDoor.Position", FriendlyNames.asset("Alexa.Setting.Mode", "Position"),
            false, List.of(new Trait.Mode.ModeValue("Position.Up", FriendlyNames.asset("Alexa.Value.Open", "Open")),
            new Trait.Mode.ModeValue("Position.Down", FriendlyNames.asset("Alexa.Value.Close", "Closed"))),
            Semantics.openCloseModes("Position.Up", "Position.Down"), false);
    static final Device GARAGE_DOOR = new Device("garage-1", "Garage Door", null, "Arbor", "G-1", DeviceKind.GARAGE_DOOR,
            List.of(GARAGE_POSITION));

    static final Trait.Mode WASH_CYCLE = new Trait.Mode("Wash.Cycle", FriendlyNames.text("Wash cycle"), true, List.of(
            new Trait.Mode.ModeValue("Cycle.Delicates", FriendlyNames.text("Delicates")),
            new Trait.Mode.ModeValue("Cycle.Normal", FriendlyNames.text("Normal")),
            new Trait.Mode.ModeValue("Cycle.Heavy", FriendlyNames.text("Heavy"))));
    static final Device WASHER = new Device("washer-1", "Washer", null, "Arbor", "W-1", DeviceKind.APPLIANCE,
            List.of(new Trait.Power(), WASH_CYCLE, new Trait.TimeHold(true)));

    static final Device SCENE = new Device("scene-1", "Movie Night", null, "Arbor", null, DeviceKind.SCENE, List.of(new Trait.Scene(true)));
    static final Device ROUTINE = new Device("scene-2", "Good Morning", null, "Arbor", null, DeviceKind.SCENE, List.of(new Trait.Scene(false)));

    static final Device FEEDER = new Device("feeder-1", "Pet Feeder", null, "Arbor", "PF-1", DeviceKind.APPLIANCE, List.of(
            new Trait.InventoryLevel("PetFood.Level", FriendlyNames.text("Food level"), Trait.InventoryLevel.Measurement.percentage(),
                    null)));

    static final ThermostatProfile TRIPLE_PROFILE = new ThermostatProfile(EnumSet.allOf(ThermostatMode.class),
            Temperature.celsius(10), Temperature.celsius(32), ThermostatProfile.Setpoints.TRIPLE, Temperature.celsius(2));
    static final Device TRIPLE_THERMOSTAT = new Device("thermo-1", "Hallway Thermostat", null, "Arbor", "T-3", DeviceKind.THERMOSTAT,
            List.of(new Trait.Thermostat(TRIPLE_PROFILE), new Trait.TemperatureSensor()));
    static final ThermostatProfile DUAL_PROFILE = new ThermostatProfile(EnumSet.of(ThermostatMode.HEAT, ThermostatMode.COOL,
            ThermostatMode.AUTO, ThermostatMode.OFF), Temperature.celsius(10), Temperature.celsius(32), ThermostatProfile.Setpoints.DUAL,
            Temperature.celsius(2));
    static final Device DUAL_THERMOSTAT = new Device("thermo-2", "Study Thermostat", null, "Arbor", "T-2", DeviceKind.THERMOSTAT,
            List.of(new Trait.Thermostat(DUAL_PROFILE)));

    static final Device LOCK = new Device("lock-1", "Front Door Lock", null, "Latchkey", "LK-1", DeviceKind.SMARTLOCK, List.of(new Trait.Lock()));

    static final Device CONTACT = new Device("contact-1", "Front Door", null, "Aegis", "C-1", DeviceKind.CONTACT_SENSOR,
            List.of(new Trait.ContactSensor()));

    static final Device MOTION = new Device("motion-1", "Hallway Motion", null, "Aegis", "M-1", DeviceKind.MOTION_SENSOR,
            List.of(new Trait.MotionSensor()));

    static final Device DOORBELL = new Device("bell-1", "Front Doorbell", null, "Aegis", "D-1", DeviceKind.DOORBELL, List.of(new Trait.Doorbell()));

    static final CameraStreams.Configuration CAMERA_CONFIG = new CameraStreams.Configuration(EnumSet.of(CameraStreams.Protocol.RTSP),
            List.of(new CameraStreams.Resolution(1920, 1080), new CameraStreams.Resolution(1280, 720)),
            EnumSet.of(CameraStreams.Authorization.BASIC), EnumSet.of(CameraStreams.VideoCodec.H264),
            EnumSet.of(CameraStreams.AudioCodec.AAC, CameraStreams.AudioCodec.G711));
    static final Device CAMERA = new Device("cam-1", "Driveway Camera", null, "Aegis", "CAM-1", DeviceKind.CAMERA, List.of(
            new Trait.CameraStream(List.of(CAMERA_CONFIG)), new Trait.PersonDetection(Set.of(DetectionMethod.VIDEO)), new Trait.MotionSensor()));

    static final Trait.SecurityPanel PANEL_TRAIT = new Trait.SecurityPanel(EnumSet.of(ArmState.ARMED_AWAY, ArmState.ARMED_STAY,
            ArmState.ARMED_NIGHT, ArmState.DISARMED), EnumSet.of(Trait.SecurityPanel.Alarm.BURGLARY, Trait.SecurityPanel.Alarm.FIRE,
            Trait.SecurityPanel.Alarm.CARBON_MONOXIDE), true);
    static final Device PANEL = new Device("panel-1", "Alarm Panel", null, "Aegis", "P-1", DeviceKind.SECURITY_PANEL, List.of(PANEL_TRAIT));

    static final Trait.Input TV_INPUTS = new Trait.Input(List.of(new Trait.Input.InputSource("HDMI1", List.of("Game console")),
            new Trait.Input.InputSource("HDMI2", List.of()), new Trait.Input.InputSource("TV", List.of())));
    static final Device TV = new Device("tv-1", "Living Room TV", null, "Vistara", "V-55", DeviceKind.TV, List.of(
            new Trait.Power(), new Trait.Speaker(), new Trait.Playback(EnumSet.allOf(PlaybackOperation.class)), new Trait.Seek(),
            new Trait.Channel(), TV_INPUTS, new Trait.Launcher(), new Trait.Recording(),
            new Trait.WakeOnLan(List.of("00:11:22:AA:BB:CC"))));

    static final Trait.Equalizer EQUALIZER = new Trait.Equalizer(EnumSet.allOf(EqualizerBand.class), -6, 6, 0,
            EnumSet.allOf(EqualizerMode.class));
    static final Device SOUND_BAR = new Device("bar-1", "Sound Bar", null, "Vistara", "SB-3", DeviceKind.SPEAKER, List.of(
            new Trait.Power(), new Trait.StepSpeaker(), EQUALIZER,
            new Trait.Playback(EnumSet.of(PlaybackOperation.PLAY, PlaybackOperation.PAUSE))));

    /** Every device of the catalogue. */
    static final List<Device> ALL = List.of(LIGHT, HEATER, HUMIDIFIER, BLINDS, FAN, GARAGE_DOOR, WASHER, SCENE, ROUTINE, FEEDER,
            TRIPLE_THERMOSTAT, DUAL_THERMOSTAT, LOCK, CONTACT, MOTION, DOORBELL, CAMERA, PANEL, TV, SOUND_BAR);

    private TestDevices() {
    }

    /** A state holding a value for every property any of the catalogue's traits reports. */
    static DeviceState fullState() {
        return DeviceState.builder().observedAt(NOW.minusSeconds(2))
                .power(PowerState.ON).brightness(80).color(new Hsb(350.5, 0.7138, 0.6524)).colorTemperatureKelvin(4000)
                .set(StateKey.POWER_LEVEL, 42).set(StateKey.PERCENTAGE, 74)
                .set(StateKey.rangeValue("Blind.Lift"), 50.0).set(StateKey.rangeValue("Fan.Speed"), 3.0)
                .set(StateKey.mode("Fan.Direction"), "Direction.Forward").set(StateKey.toggle("Fan.Oscillate"), true)
                .set(StateKey.mode("GarageDoor.Position"), "Position.Down").set(StateKey.mode("Wash.Cycle"), "Cycle.Normal")
                .set(StateKey.ON_HOLD, true).set(StateKey.HOLD_STARTED_AT, NOW.minusSeconds(60))
                .set(StateKey.HOLD_ENDS_AT, NOW.plusSeconds(600)).set(StateKey.SCENE_ACTIVE, false)
                .set(StateKey.inventoryLevel("PetFood.Level"), 35.0)
                .targetSetpoint(Temperature.celsius(21)).set(StateKey.LOWER_SETPOINT, Temperature.celsius(19))
                .set(StateKey.UPPER_SETPOINT, Temperature.celsius(24)).thermostatMode(ThermostatMode.AUTO)
                .temperature(Temperature.celsius(20.5)).lockState(LockState.LOCKED)
                .set(StateKey.CONTACT, ContactState.CLOSED).set(StateKey.MOTION_DETECTED, false).set(StateKey.PERSON_DETECTED, true)
                .set(StateKey.ARM_STATE, ArmState.DISARMED).set(StateKey.BURGLARY_ALARM, false).set(StateKey.FIRE_ALARM, false)
                .set(StateKey.CARBON_MONOXIDE_ALARM, false)
                .set(StateKey.VOLUME, 30).set(StateKey.MUTED, false).set(StateKey.PLAYBACK_STATE, PlaybackState.PLAYING)
                .set(StateKey.PLAYBACK_POSITION_MS, 65_000L).set(StateKey.CHANNEL, new ChannelInfo("7", "KABC", null))
                .set(StateKey.INPUT, "HDMI1").set(StateKey.LAUNCHED_TARGET, new LaunchTarget("amzn1.alexa-ask-target.app.72095", "Prime Video"))
                .set(StateKey.RECORDING, false).set(StateKey.equalizerLevel(EqualizerBand.BASS), 2)
                .set(StateKey.equalizerLevel(EqualizerBand.MIDRANGE), 0).set(StateKey.equalizerLevel(EqualizerBand.TREBLE), -1)
                .set(StateKey.EQUALIZER_MODE, EqualizerMode.MOVIE)
                .build();
    }
}
