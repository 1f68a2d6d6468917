using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>
/// Writes into the OpenAPI document the request bodies that Core's endpoints read themselves and describe with
/// <see cref="OptionalJsonBody"/> and <see cref="MultipartFormBody"/> metadata (see <see cref="RequestBodyDocumentation"/>).
/// </summary>
internal sealed class RequestBodyTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<OptionalJsonBody>().LastOrDefault() is { } json)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = false,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(json.BodyType, null, cancellationToken) },
                },
            };
        }

        if (metadata.OfType<MultipartFormBody>().LastOrDefault() is { } form)
        {
            operation.RequestBody = MultipartRequestBody(form);
        }
    }

    private static OpenApiRequestBody MultipartRequestBody(MultipartFormBody form)
    {
        var properties = new Dictionary<string, IOpenApiSchema> { [form.FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        foreach (var field in form.Fields)
        {
            properties[field.Name] = new OpenApiSchema { Type = SchemaType(field.Type) };
        }

        return new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Required = new HashSet<string> { form.FileField }, Properties = properties } },
            },
        };
    }

    private static JsonSchemaType SchemaType(FormFieldType type) => type switch
    {
        FormFieldType.Boolean => JsonSchemaType.Boolean,
        _ => JsonSchemaType.String,
    };
}
