namespace Pvtcoms.Relay.Clustering;

/// <summary>Registry key of this node's confirm-routes actor (answers <see cref="RoutedConfirm"/> from other nodes).</summary>
public sealed class ConfirmRoutes
{
    /// <summary>Its name under /user on every node.</summary>
    public const string ActorName = "confirm-routes";
}

/// <summary>Registry key of the cluster singleton proxy of the sweeper.</summary>
public sealed class ClusterSweeper
{
    public const string ActorName = "sweeper";
}
