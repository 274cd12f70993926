// Converts Smithy's restJson1 malformed-request protocol tests (smithy-aws-protocol-tests) into the
// two JSON files conform's tests read (tests/data/protocol/restJson1/). Run by convert.sh, which
// compiles smithy-utils, smithy-model and smithy-protocol-test-traits from source with javac.
//
// Usage: java ConvertProtocolTests <smithy checkout> <commit> <output dir>
//
// It loads the restJson1 test model with Smithy's own model assembler (prelude and the trait
// definitions of smithy-aws-traits, smithy-protocol-traits and smithy-protocol-test-traits come
// from META-INF/smithy/ on the classpath), takes every @httpMalformedRequestTests case whose
// protocol is aws.protocols#restJson1, expands testParameters with Smithy's own code
// (HttpMalformedRequestTestsTrait.getTestCases: one case per parameter index, `$name:L` / `$name:S`
// substitution in the request, response, tags and documentation), and writes:
//
//   model.json  the Smithy JSON AST of the shapes those operations need (ModelSerializer), with the
//               services trimmed to the tested operations; documentation and smithy.test traits are
//               left out (the cases are in cases.json);
//   cases.json  the expanded cases, in model order.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.smithy.model.Model;
import software.amazon.smithy.model.SourceLocation;
import software.amazon.smithy.model.neighbor.Walker;
import software.amazon.smithy.model.node.ArrayNode;
import software.amazon.smithy.model.node.Node;
import software.amazon.smithy.model.node.ObjectNode;
import software.amazon.smithy.model.shapes.ModelSerializer;
import software.amazon.smithy.model.shapes.OperationShape;
import software.amazon.smithy.model.shapes.ServiceShape;
import software.amazon.smithy.model.shapes.Shape;
import software.amazon.smithy.model.shapes.ShapeId;
import software.amazon.smithy.model.traits.DocumentationTrait;
import software.amazon.smithy.model.validation.Severity;
import software.amazon.smithy.model.validation.ValidatedResult;
import software.amazon.smithy.model.validation.ValidationEvent;
import software.amazon.smithy.protocoltests.traits.HttpMalformedRequestDefinition;
import software.amazon.smithy.protocoltests.traits.HttpMalformedRequestTestCase;
import software.amazon.smithy.protocoltests.traits.HttpMalformedRequestTestsTrait;
import software.amazon.smithy.protocoltests.traits.HttpMalformedResponseDefinition;

public final class ConvertProtocolTests {
    private static final ShapeId REST_JSON_1 = ShapeId.from("aws.protocols#restJson1");
    private static final String TESTS_DIR = "smithy-aws-protocol-tests/model/restJson1";

    private ConvertProtocolTests() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ConvertProtocolTests <smithy checkout> <commit> <output dir>");
            System.exit(2);
        }
        Path smithy = Paths.get(args[0]).toAbsolutePath().normalize();
        String commit = args[1];
        Path out = Paths.get(args[2]);
        Path testsDir = smithy.resolve(TESTS_DIR);

        ValidatedResult<Model> result = Model.assembler()
                .discoverModels(ConvertProtocolTests.class.getClassLoader())
                .addImport(testsDir)
                .addImport(smithy.resolve("smithy-aws-protocol-tests/model/shared-types.smithy"))
                .addImport(smithy.resolve("smithy-validation-model/model/smithy.framework.validation.smithy"))
                .assemble();
        boolean failed = false;
        for (ValidationEvent e : result.getValidationEvents()) {
            if (e.getSeverity() == Severity.ERROR || e.getSeverity() == Severity.DANGER) {
                System.err.println(e);
                failed = true;
            }
        }
        if (failed || !result.getResult().isPresent()) {
            throw new IllegalStateException("the restJson1 test model does not load");
        }
        Model model = result.getResult().get();

        // The cases, and the operations (and their services) they test.
        List<Node> cases = new ArrayList<>();
        Set<ShapeId> tested = new LinkedHashSet<>();
        Map<String, Integer> perGroup = new TreeMap<>();
        // In model order: by the file and line of each operation's test trait.
        List<OperationShape> withTests = new ArrayList<>(model.getOperationShapesWithTrait(
                HttpMalformedRequestTestsTrait.class));
        withTests.sort(Comparator
                .comparing((OperationShape op) -> relative(testsDir, location(op).getFilename()))
                .thenComparingInt(op -> location(op).getLine())
                .thenComparing(op -> op.getId().toString()));
        for (OperationShape op : withTests) {
            HttpMalformedRequestTestsTrait trait = op.expectTrait(HttpMalformedRequestTestsTrait.class);
            String file = relative(testsDir, trait.getSourceLocation().getFilename());
            ObjectNode params = parameters(trait);
            for (HttpMalformedRequestTestCase c : trait.getTestCases()) {
                if (!c.getProtocol().equals(REST_JSON_1)) {
                    continue;
                }
                tested.add(op.getId());
                String group = file.contains("/") ? file.substring(0, file.indexOf('/')) : "other";
                perGroup.merge(group, 1, Integer::sum);
                cases.add(testCase(op, c, file, group, params));
            }
        }
        // The services, trimmed to the tested operations.
        Model.Builder trimmed = model.toBuilder();
        List<ServiceShape> services = new ArrayList<>();
        for (ServiceShape svc : model.getServiceShapes()) {
            if (!svc.hasTrait(REST_JSON_1)) {
                continue;
            }
            Set<ShapeId> ops = new TreeSet<>();
            for (ShapeId id : svc.getOperations()) {
                if (tested.contains(id)) {
                    ops.add(id);
                }
            }
            if (!svc.getResources().isEmpty()) {
                throw new IllegalStateException("resources are not handled: " + svc.getId());
            }
            if (ops.isEmpty()) {
                continue;
            }
            ServiceShape t = svc.toBuilder().operations(ops).build();
            trimmed.addShape(t);
            services.add(t);
        }
        Model small = trimmed.build();
        Set<ShapeId> keep = new TreeSet<>();
        Walker walker = new Walker(small);
        for (ServiceShape svc : services) {
            for (Shape s : walker.walkShapes(small.expectShape(svc.getId()))) {
                keep.add(s.getId());
            }
        }
        for (ShapeId id : tested) {
            if (!keep.contains(id)) {
                throw new IllegalStateException("a tested operation is in no restJson1 service: " + id);
            }
        }
        ObjectNode modelJson = ModelSerializer.builder()
                .metadataFilter(k -> false)
                .shapeFilter(s -> keep.contains(s.getId()))
                .traitFilter(t -> !t.toShapeId().getNamespace().equals("smithy.test")
                        && !t.toShapeId().equals(DocumentationTrait.ID))
                .build()
                .serialize(small);

        ObjectNode casesJson = Node.objectNodeBuilder()
                .withMember("source", Node.objectNodeBuilder()
                        .withMember("repository", "https://github.com/smithy-lang/smithy")
                        .withMember("commit", commit)
                        .withMember("directory", TESTS_DIR)
                        .build())
                .withMember("protocol", REST_JSON_1.toString())
                .withMember("model", "model.json")
                .withMember("cases", ArrayNode.fromNodes(cases))
                .build();

        Files.createDirectories(out);
        write(out.resolve("model.json"), modelJson);
        write(out.resolve("cases.json"), casesJson);
        System.err.println("wrote " + cases.size() + " cases " + perGroup + " for " + tested.size()
                + " operations; the model has " + keep.size() + " shapes");
    }

    private static void write(Path path, Node node) throws Exception {
        Files.write(path, (Node.prettyPrintJson(node) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static SourceLocation location(OperationShape op) {
        return op.expectTrait(HttpMalformedRequestTestsTrait.class).getSourceLocation();
    }

    private static String relative(Path testsDir, String filename) {
        Path p = Paths.get(filename).toAbsolutePath().normalize();
        return p.startsWith(testsDir) ? testsDir.relativize(p).toString().replace('\\', '/') : filename;
    }

    /** The testParameters of each parameterized case, by id (from the trait's own node). */
    private static ObjectNode parameters(HttpMalformedRequestTestsTrait trait) {
        ObjectNode.Builder b = Node.objectNodeBuilder();
        for (Node n : trait.toNode().expectArrayNode()) {
            ObjectNode o = n.expectObjectNode();
            o.getObjectMember("testParameters").ifPresent(p -> b.withMember(o.expectStringMember("id").getValue(), p));
        }
        return b.build();
    }

    private static Node testCase(OperationShape op, HttpMalformedRequestTestCase c, String file, String group,
            ObjectNode params) {
        ObjectNode.Builder b = Node.objectNodeBuilder()
                .withMember("id", c.getId())
                .withMember("group", group)
                .withMember("file", file)
                .withMember("operation", op.getId().toString())
                .withMember("protocol", c.getProtocol().toString());
        c.getDocumentation().ifPresent(d -> b.withMember("documentation", d));
        if (!c.getTags().isEmpty()) {
            b.withMember("tags", ArrayNode.fromStrings(c.getTags()));
        }
        // Which parameter values this expansion used (`Id_caseN` is index N of `Id`).
        int at = c.getId().lastIndexOf("_case");
        if (at > 0) {
            String base = c.getId().substring(0, at);
            int index = Integer.parseInt(c.getId().substring(at + 5));
            params.getObjectMember(base).ifPresent(p -> {
                ObjectNode.Builder used = Node.objectNodeBuilder();
                for (Map.Entry<String, Node> e : p.getStringMap().entrySet()) {
                    used.withMember(e.getKey(), e.getValue().expectArrayNode().get(index).get());
                }
                b.withMember("parameters", used.build());
            });
        }
        b.withMember("request", request(c.getRequest()));
        b.withMember("response", response(c.getResponse()));
        return b.build();
    }

    private static Node request(HttpMalformedRequestDefinition r) {
        ObjectNode.Builder b = Node.objectNodeBuilder()
                .withMember("method", r.getMethod())
                .withMember("uri", r.expectUri());
        r.getHost().ifPresent(h -> b.withMember("host", h));
        if (!r.getQueryParams().isEmpty()) {
            b.withMember("queryParams", ArrayNode.fromStrings(r.getQueryParams()));
        }
        if (!r.getHeaders().isEmpty()) {
            b.withMember("headers", sorted(r.getHeaders()));
        }
        r.getBody().ifPresent(body -> b.withMember("body", body));
        r.getBodyMediaType().ifPresent(m -> b.withMember("bodyMediaType", m));
        return b.build();
    }

    private static Node response(HttpMalformedResponseDefinition r) {
        ObjectNode.Builder b = Node.objectNodeBuilder().withMember("code", r.getCode());
        if (!r.getHeaders().isEmpty()) {
            b.withMember("headers", sorted(r.getHeaders()));
        }
        r.getBody().ifPresent(body -> {
            ObjectNode.Builder assertion = Node.objectNodeBuilder();
            body.getContents().ifPresent(x -> assertion.withMember("contents", x));
            body.getMessageRegex().ifPresent(x -> assertion.withMember("messageRegex", x));
            b.withMember("body", Node.objectNodeBuilder()
                    .withMember("mediaType", body.getMediaType())
                    .withMember("assertion", assertion.build())
                    .build());
        });
        return b.build();
    }

    /** Headers in a stable order (the expansion puts them in a HashMap). */
    private static ObjectNode sorted(Map<String, String> headers) {
        ObjectNode.Builder b = Node.objectNodeBuilder();
        new TreeMap<>(headers).forEach(b::withMember);
        return b.build();
    }
}
