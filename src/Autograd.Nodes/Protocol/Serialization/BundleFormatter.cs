using MessagePack;
using MessagePack.Formatters;

namespace Autograd.Protocol.Serialization;

/// <summary>
/// A <see cref="Bundle"/> as <c>[[manifest, message], ...]</c>: each message under the same manifest
/// it would have alone, written with the same options (so its tensors go wherever a lone message's
/// would). Reading refuses an unknown manifest, a nested bundle or bulk offer, and more than
/// <see cref="Bundle.MaxMessages"/> entries, before reading any of them.
/// </summary>
internal sealed class BundleFormatter : IMessagePackFormatter<Bundle>
{
    public void Serialize(ref MessagePackWriter writer, Bundle value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(value.Messages.Length);
        foreach (var message in value.Messages)
        {
            var type = message.GetType();
            if (!ProtocolManifests.ByType.TryGetValue(type, out var manifest) || !MayBeBundled(type))
                throw new MessagePackSerializationException($"{type.Name} can't travel in a bundle");
            writer.WriteArrayHeader(2);
            writer.Write(manifest);
            MessagePackSerializer.Serialize(type, ref writer, message, options);
        }
    }

    public Bundle Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        int count = reader.ReadArrayHeader();
        if (count > Bundle.MaxMessages)
            throw new MessagePackSerializationException($"a bundle holds at most {Bundle.MaxMessages} messages, this one {count}");
        var messages = new IAutogradMessage[count];
        options.Security.DepthStep(ref reader);
        for (int i = 0; i < count; i++)
        {
            if (reader.ReadArrayHeader() != 2) throw new MessagePackSerializationException("a bundled message is [manifest, message]");
            var manifest = reader.ReadString() ?? "";
            if (!ProtocolManifests.ByManifest.TryGetValue(manifest, out var type) || !MayBeBundled(type))
                throw new MessagePackSerializationException($"'{manifest}' can't travel in a bundle");
            messages[i] = (IAutogradMessage)(MessagePackSerializer.Deserialize(type, ref reader, options)
                ?? throw new MessagePackSerializationException($"bundled '{manifest}' deserialized to null"));
        }
        reader.Depth--;
        return new Bundle(messages);
    }

    private static bool MayBeBundled(Type type) => type != typeof(Bundle) && type != typeof(Wire.BulkOffer);
}
