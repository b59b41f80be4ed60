package dev.homewire.core.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.Semantics;
import dev.homewire.adapter.spi.Trait;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The JSON form of the neutral model's sealed record families — {@link Trait}s, {@link DeviceCommand}s
 * and what they contain: {@code {"type": "<record's simple name>", <component>: <value>, ...}}, null
 * components left out, instants as epoch milliseconds. Subtypes are the sealed interfaces'
 * permitted records, so a new trait or command record is stored without codec code; renaming a
 * record or a component changes the stored shape, which {@code DeviceJsonTest} pins.
 */
final class ModelJson {
    private static final List<Class<?>> SEALED_FAMILIES = List.of(Trait.class, DeviceCommand.class, Semantics.Target.class,
            Semantics.StateValue.class);

    private static final ObjectMapper MAPPER = create();

    private ModelJson() {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    private interface TypedByName {
    }

    private static ObjectMapper create() {
        ObjectMapper mapper = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        SimpleModule instants = new SimpleModule("homewire-instants");
        instants.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeNumber(value.toEpochMilli());
            }
        });
        instants.addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
            @Override
            public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                if (!parser.currentToken().isNumeric()) {
                    throw JsonMappingException.from(parser, "expected epoch milliseconds");
                }
                return Instant.ofEpochMilli(parser.getLongValue());
            }
        });
        mapper.registerModule(instants);
        for (Class<?> family : SEALED_FAMILIES) {
            mapper.addMixIn(family, TypedByName.class);
            for (Class<?> member : family.getPermittedSubclasses()) {
                mapper.registerSubtypes(new NamedType(member, member.getSimpleName()));
            }
        }
        return mapper;
    }

    static ObjectNode toJson(Object value, Class<?> family) {
        try {
            // written through the family's writer so the type id is always there
            return (ObjectNode) MAPPER.readTree(MAPPER.writerFor(family).writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming {@code what} for an unknown type or a malformed or refused value */
    static <T> T fromJson(JsonNode json, Class<T> family, String what) {
        try {
            return MAPPER.treeToValue(json, family);
        } catch (InvalidTypeIdException e) {
            throw new IllegalArgumentException("unknown " + what + " type '" + json.path("type").asText() + "'", e);
        } catch (IOException | IllegalArgumentException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String problem = cause instanceof IllegalArgumentException || cause instanceof NullPointerException
                    ? cause.getMessage() : e.getMessage();
            String noun = what.substring(what.lastIndexOf(' ') + 1);
            throw new IllegalArgumentException("malformed " + json.path("type").asText() + " " + noun + ": " + problem, e);
        }
    }
}
