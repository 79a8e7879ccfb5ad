namespace Autograd.Protocol.Serialization;

/// <summary>
/// Every protocol message type with its short wire manifest. A message type missing here
/// cannot be sent; a test walks all <see cref="IAutogradMessage"/> types to keep this complete.
/// Manifests are part of the wire format: never reuse or change one.
/// </summary>
internal static class ProtocolManifests
{
    private static readonly (string Manifest, Type Type)[] Rows =
    [
        ("cl", typeof(CreateLeaf)),
        ("cb", typeof(CreateBatch)),
        ("cd", typeof(CreateDetached)),
        ("su", typeof(Subscribe)),
        ("iv", typeof(InputValue)),
        ("if", typeof(InputFailed)),
        ("rf", typeof(RequestFailed)),
        ("gv", typeof(GetValue)),
        ("nv", typeof(NodeValue)),
        ("rj", typeof(Rejected)),
        ("bp", typeof(BackwardPlan)),
        ("g", typeof(Gradient)),
        ("ld", typeof(LeafDone)),
        ("lds", typeof(LeavesDone)),
        ("pf", typeof(PassFailed)),
        ("gg", typeof(GetGrad)),
        ("ng", typeof(NodeGrad)),
        ("zg", typeof(ZeroGrad)),
        ("gz", typeof(GradZeroed)),
        ("fs", typeof(FreeSession)),
        ("sf", typeof(SessionFreed)),
        ("rn", typeof(ReleaseNodes)),
        ("hs?", typeof(GetHostStats)),
        ("hs", typeof(HostStats)),
        ("dn", typeof(DefineNode)),
        ("pp", typeof(PassPlan)),
        // "wc" was WireChunk (the chunked wire before the bulk path): retired, never reuse it.
        ("bo", typeof(Wire.BulkOffer)),
        ("cm?", typeof(Cluster.GetComputeMembers)),
        ("cm", typeof(Cluster.ComputeMembers)),
        ("os", typeof(Cluster.OpenSession)),
        ("xs", typeof(Cluster.CloseSession)),
        ("sp*", typeof(StepParameters)),
        ("zg*", typeof(ZeroGrads)),
        ("sp", typeof(StepParameter)),
        ("ps", typeof(ParameterStepped)),
        ("pd", typeof(ParametersDone)),
        ("st?", typeof(GetParameterState)),
        ("st", typeof(ParameterStateValue)),
        ("st=", typeof(SetParameterState)),
        ("av", typeof(AssignValue)),
        ("nu", typeof(NodeUpdated)),
        ("bn", typeof(Bundle)),
    ];

    public static readonly IReadOnlyDictionary<Type, string> ByType = Rows.ToDictionary(r => r.Type, r => r.Manifest);

    public static readonly IReadOnlyDictionary<string, Type> ByManifest = Rows.ToDictionary(r => r.Manifest, r => r.Type);
}
