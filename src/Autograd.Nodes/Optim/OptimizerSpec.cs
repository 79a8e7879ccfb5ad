using MessagePack;

namespace Autograd.Optim;

/// <summary>
/// One optimizer step's rule and hyper-parameters, as data: what a client sends to each member
/// holding parameters (<see cref="Protocol.StepParameters"/>). The learning rate travels with every
/// step, so a schedule changes it without telling the members anything else.
/// </summary>
/// <param name="Kind"><see cref="Sgd"/>, <see cref="Adam"/> or <see cref="AdamW"/>.</param>
[MessagePackObject]
public sealed record OptimizerSpec(
    [property: Key(0)] string Kind,
    [property: Key(1)] float Lr,
    [property: Key(2)] float WeightDecay = 0f,
    [property: Key(3)] float Momentum = 0f,
    [property: Key(4)] float Dampening = 0f,
    [property: Key(5)] bool Nesterov = false,
    [property: Key(6)] float Beta1 = 0.9f,
    [property: Key(7)] float Beta2 = 0.999f,
    [property: Key(8)] float Eps = 1e-8f,
    [property: Key(9)] bool Amsgrad = false)
{
    public const string Sgd = "sgd";
    public const string Adam = "adam";
    public const string AdamW = "adamw";

    /// <summary>
    /// PyTorch's constructor checks, with its messages: the client runs them when an optimizer is
    /// built and whenever its learning rate changes, and a member runs them again on what arrives.
    /// </summary>
    public OptimizerSpec Validate()
    {
        if (Kind is not (Sgd or Adam or AdamW))
            throw new ArgumentException($"unknown optimizer '{Kind}'; known: {Sgd}, {Adam}, {AdamW}");
        if (!(Lr >= 0f)) throw new ArgumentException($"Invalid learning rate: {Lr}");
        if (!(WeightDecay >= 0f)) throw new ArgumentException($"Invalid weight_decay value: {WeightDecay}");
        if (Kind == Sgd)
        {
            if (!(Momentum >= 0f)) throw new ArgumentException($"Invalid momentum value: {Momentum}");
            if (!float.IsFinite(Dampening)) throw new ArgumentException($"Invalid dampening value: {Dampening}");
            if (Nesterov && (Momentum <= 0f || Dampening != 0f))
                throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
            return this;
        }
        if (!(Eps >= 0f)) throw new ArgumentException($"Invalid epsilon value: {Eps}");
        if (!(Beta1 >= 0f && Beta1 < 1f)) throw new ArgumentException($"Invalid beta parameter at index 0: {Beta1}");
        if (!(Beta2 >= 0f && Beta2 < 1f)) throw new ArgumentException($"Invalid beta parameter at index 1: {Beta2}");
        return this;
    }
}
